package model

import "math"

// Penalty adds to grad the gradient of the regularization terms and returns
// their value:
//
//	l1·Σ|w| + l2·Σw²                           over every kernel weight w
//	+ repel · Σ_l mean_{i<j} max(0, cos(uᵢ, uⱼ))²   over hidden layers l
//
// where uᵢ is neuron i's incoming weights and bias. The first line is Keras's
// L1L2 kernel regularizer (no ½ on the L2 term; d|w|/dw = 0 at w = 0). The
// second is relulab's repel term: it pushes apart neurons that point the same
// way and vanishes once every pair is at least 90° apart, so the 120° pyramid
// (cos = −½) feels nothing. A neuron with u = 0 takes no part in it.
// Penalty allocates nothing.
func (n *Net) Penalty(grad []float64, l1, l2, repel float64) float64 {
	if len(grad) != len(n.Params) {
		panic("model: gradient length mismatch")
	}
	value := 0.0
	if l1 != 0 || l2 != 0 {
		for _, ly := range n.layers {
			for i, w := range n.Params[ly.w:ly.b] {
				value += float64(l1*math.Abs(w)) + float64(l2*w*w)
				grad[ly.w+i] += float64(l1*sign(w)) + float64(2*l2*w)
			}
		}
	}
	if repel != 0 {
		for _, ly := range n.layers[:len(n.layers)-1] {
			value += float64(repel * n.repelLayer(grad, ly, repel))
		}
	}
	return value
}

// repelLayer returns mean_{i<j} max(0, cos(uᵢ, uⱼ))² for one layer and adds
// scale times its gradient to grad:
//
//	∂c²/∂uᵢ = 2c·(uⱼ/(|uᵢ||uⱼ|) − c·uᵢ/|uᵢ|²)
func (n *Net) repelLayer(grad []float64, ly layer, scale float64) float64 {
	if ly.out < 2 {
		return 0
	}
	var norm [64]float64
	for i := range ly.out {
		norm[i] = math.Sqrt(n.dotU(ly, i, i))
	}
	pairs := float64(ly.out * (ly.out - 1) / 2)
	sum := 0.0
	for i := range ly.out {
		for j := i + 1; j < ly.out; j++ {
			if norm[i] == 0 || norm[j] == 0 {
				continue
			}
			c := n.dotU(ly, i, j) / (norm[i] * norm[j])
			if c <= 0 {
				continue
			}
			sum += float64(c * c)
			g := scale * 2 * c / pairs
			n.addU(grad, ly, i, j, g/(norm[i]*norm[j]), -g*c/(norm[i]*norm[i]))
			n.addU(grad, ly, j, i, g/(norm[i]*norm[j]), -g*c/(norm[j]*norm[j]))
		}
	}
	return sum / pairs
}

// dotU returns uᵢ·uⱼ for neurons i and j of ly.
func (n *Net) dotU(ly layer, i, j int) float64 {
	wi := n.Params[ly.w+i*ly.in : ly.w+(i+1)*ly.in]
	wj := n.Params[ly.w+j*ly.in : ly.w+(j+1)*ly.in]
	s := n.bias(ly, i) * n.bias(ly, j)
	for k, v := range wi {
		s += float64(v * wj[k])
	}
	return s
}

// addU adds a·uⱼ + b·uᵢ to the gradient of uᵢ.
func (n *Net) addU(grad []float64, ly layer, i, j int, a, b float64) {
	for k := range ly.in {
		grad[ly.w+i*ly.in+k] += float64(a*n.Params[ly.w+j*ly.in+k]) + float64(b*n.Params[ly.w+i*ly.in+k])
	}
	if ly.nb > 0 {
		grad[ly.b+i] += float64(a*n.Params[ly.b+j]) + float64(b*n.Params[ly.b+i])
	}
}
