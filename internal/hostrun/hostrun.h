// hostrun.h: the C interface of hostrun.cc, called from hostrun.go.
#ifndef KERNELS_HOSTRUN_H
#define KERNELS_HOSTRUN_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

// hr_alloc returns bytes of memory that end exactly at an inaccessible guard
// page, filled with 0xFF bytes (NaN as float, -1 as int); NULL on failure.
void *hr_alloc(size_t bytes);
// hr_free releases memory from hr_alloc; it returns 0, or -1 for an unknown pointer.
int hr_free(void *p);
// hr_check returns 0 when [p, p+bytes) lies inside one buffer from hr_alloc,
// else -1.
int hr_check(const void *p, size_t bytes);
// hr_launch runs kernel name on grid×block CUDA threads with the 8-byte
// arguments args. reverse runs blocks and threads in reverse order. It
// returns 0, or -1 with a message in err.
int hr_launch(const char *name, const int64_t *grid, const int64_t *block, const uint64_t *args,
              int64_t nargs, int64_t reverse, char *err, size_t errlen);
// hr_entries lists every kernel as "name arity\n" lines.
const char *hr_entries(void);

#ifdef __cplusplus
}
#endif
#endif
