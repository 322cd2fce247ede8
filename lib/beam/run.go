package beam

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/jobopts"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"
)

// RunOptions choose where a pipeline runs.
type RunOptions struct {
	// Runner is "prism" (the default when empty): Beam's Prism runner,
	// started inside this process unless Endpoint names one; or
	// "universal" (also "flink", "spark", "portable"): a portable job
	// server at Endpoint.
	Runner string

	// Endpoint is the job server's HOST:PORT. Empty starts Prism in
	// process; it is required for the portable runners.
	Endpoint string
}

// Run executes p and waits for it to finish. Beam's runners read their
// endpoint from a process-wide flag (jobopts.Endpoint), which Run sets when
// Endpoint is given; pipelines of one process therefore share a job server.
func Run(ctx context.Context, p *beam.Pipeline, o RunOptions) error {
	if o.Endpoint != "" {
		*jobopts.Endpoint = o.Endpoint
	}
	var err error
	switch o.Runner {
	case "", "prism":
		_, err = prism.Execute(ctx, p)
	case "universal", "portable", "flink", "spark":
		if o.Endpoint == "" && *jobopts.Endpoint == "" {
			return fmt.Errorf("beam: runner %q needs a job endpoint (HOST:PORT)", o.Runner)
		}
		_, err = universal.Execute(ctx, p)
	default:
		return fmt.Errorf("beam: unknown runner %q (want prism, universal, flink or spark)", o.Runner)
	}
	if err != nil {
		return fmt.Errorf("beam: pipeline failed: %s\n%w", rootCause(err), err)
	}
	return nil
}

// rootCause returns the last "caused by:" part of a Beam job error, which
// is the failing DoFn's own error, after the plan of the failed bundle.
func rootCause(err error) string {
	msg := err.Error()
	const sep = "caused by:"
	if i := strings.LastIndex(msg, sep); i >= 0 {
		msg = msg[i+len(sep):]
	}
	msg = strings.TrimSpace(msg)
	if i := strings.Index(msg, "\n"); i >= 0 {
		// "DoFn[UID:…] failed:" then the error itself
		if rest := strings.TrimSpace(msg[i+1:]); rest != "" && strings.HasSuffix(msg[:i], "failed:") {
			msg = rest
		}
	}
	return msg
}
