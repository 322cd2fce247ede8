package plots

import "image/color"

// matplotlibBlue is matplotlib's first default line colour (#1f77b4), so the
// figures look like the lesson's.
var matplotlibBlue = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
