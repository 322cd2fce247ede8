// Package notebooks holds the lesson's GoNB notebooks and the test that
// executes them headless.
//
// The notebooks are generated from src/lesson3.cells by ./gen (English and
// Chinese, solved and exercise editions) and executed in place by
// scripts/build_notebooks.sh, so that the committed files carry their
// outputs. TestNotebooks runs every notebook again with
// `jupyter nbconvert --execute` and the GoNB kernel and checks what the
// cells print and draw; TestCommitted checks the saved outputs without
// running anything.
package notebooks
