package plots

import (
	"image/color"

	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
)

// matplotlibBlue is matplotlib's first default line colour (#1f77b4), so the
// figures look like the lesson's.
var matplotlibBlue = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}

// viridisControls are matplotlib's viridis at 0, 1/8, …, 1; their
// luminance increases, as moreland.NewLuminance requires.
var viridisControls = []color.Color{
	color.RGBA{0x44, 0x01, 0x54, 0xff},
	color.RGBA{0x47, 0x2d, 0x7b, 0xff},
	color.RGBA{0x3b, 0x52, 0x8b, 0xff},
	color.RGBA{0x2c, 0x72, 0x8e, 0xff},
	color.RGBA{0x21, 0x91, 0x8c, 0xff},
	color.RGBA{0x28, 0xae, 0x80, 0xff},
	color.RGBA{0x5e, 0xc9, 0x62, 0xff},
	color.RGBA{0xad, 0xdc, 0x30, 0xff},
	color.RGBA{0xfd, 0xe7, 0x25, 0xff},
}

// Viridis returns a new colour map close to matplotlib's default viridis
// (dark purple through teal to yellow), interpolated in CIE L*a*b* between
// nine of its colours. Its range is [0, 1] until SetMin and SetMax change
// it; Heatmap sets it to the data's.
func Viridis() palette.ColorMap {
	cm, err := moreland.NewLuminance(viridisControls)
	if err != nil {
		panic("plots: viridis control colours: " + err.Error()) // fixed data: cannot happen
	}
	cm.SetMin(0)
	cm.SetMax(1)
	return cm
}
