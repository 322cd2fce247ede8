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
	// "universal" (also "portable", "flink", "spark"): the portable runner,
	// which submits the pipeline to the job server at Endpoint (Flink's or
	// Spark's job server, or a Prism started elsewhere).
	Runner string

	// Endpoint is the job server's HOST:PORT. Empty starts Prism in
	// process; it is required for the portable runners.
	Endpoint string

	// Environment is how the job server runs this program's workers, Beam's
	// --environment_type: "loopback" (they call back into this process; the
	// default for Prism), "docker" (Beam's default for the other runners),
	// "process" or "external".
	Environment string
}

// Run executes p and waits for it to finish. Beam's runners read the
// endpoint and the environment from process-wide flags (jobopts.Endpoint,
// jobopts.EnvironmentType); Run sets them from o for the run and restores
// them afterwards, so it must not run concurrently with other pipelines of
// the process that use other options.
func Run(ctx context.Context, p *beam.Pipeline, o RunOptions) error {
	endpoint, env := *jobopts.Endpoint, *jobopts.EnvironmentType
	defer func() { *jobopts.Endpoint, *jobopts.EnvironmentType = endpoint, env }()
	if o.Endpoint != "" {
		*jobopts.Endpoint = o.Endpoint
	}
	if o.Environment != "" {
		*jobopts.EnvironmentType = o.Environment
	}
	var err error
	switch o.Runner {
	case "", "prism":
		if *jobopts.EnvironmentType == "" {
			*jobopts.EnvironmentType = "loopback"
		}
		_, err = prism.Execute(ctx, p)
		if o.Endpoint == "" {
			// Keep the in-process server prism.Execute started (and set)
			// for later runs, rather than starting one per run.
			endpoint = *jobopts.Endpoint
		}
	case "universal", "portable", "flink", "spark":
		if *jobopts.Endpoint == "" || o.Endpoint == "" {
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
