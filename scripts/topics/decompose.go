package main

import (
	"fmt"

	"github.com/fastai-go/topicmodel/lib/sparse"
)

// decompose runs c.method on x and fills the method's fields of res.
func decompose(c *config, x *sparse.CSR, vocab []string, res *Result) error {
	switch c.method {
	case "none":
		return nil
	default:
		return fmt.Errorf("-method %s is not available yet", c.method)
	}
}
