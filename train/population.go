package train

import "math"

// Population returns a quadrature of the distribution d with about n²
// points: the mean of any function over them, weighted by W when W is not
// nil, approximates its expectation under d. Targets are |x+iy|.
//
//	Uniform: the midpoints of an n×n grid on [−1, 1]², equal weights.
//	Disk:    the centres of n/2 rings of equal area, each cut into 2n cells
//	         of equal angle, equal weights.
//	Normal:  the midpoints of an n×n grid on [−6, 6]², weighted by the
//	         density φ(x)·φ(y) (the mass beyond ±6 is 2·10⁻⁹).
func Population(d Data, n int) Dataset {
	var s Dataset
	switch d {
	case Uniform, Normal:
		half := 1.0
		if d == Normal {
			half = 6
		}
		coord := make([]float64, n)
		for i := range coord {
			coord[i] = half * (2*(float64(i)+0.5)/float64(n) - 1)
		}
		for _, a := range coord {
			for _, b := range coord {
				s.X, s.Y = append(s.X, a), append(s.Y, b)
				if d == Normal {
					s.W = append(s.W, math.Exp(-(a*a+b*b)/2))
				}
			}
		}
	case Disk:
		rings, cells := max(n/2, 1), 2*n
		for k := range rings {
			r := math.Sqrt((float64(k) + 0.5) / float64(rings))
			for j := range cells {
				th := 2 * math.Pi * (float64(j) + 0.5*float64(k%2) + 0.5) / float64(cells)
				s.X, s.Y = append(s.X, r*math.Cos(th)), append(s.Y, r*math.Sin(th))
			}
		}
	default:
		panic("train: unknown data distribution")
	}
	if s.W != nil {
		total := 0.0
		for _, w := range s.W {
			total += w
		}
		scale(s.W, 1/total)
	}
	s.T = make([]float64, len(s.X))
	for i := range s.T {
		s.T[i] = hypot(s.X[i], s.Y[i])
	}
	return s
}
