package train

// SplitMix64 is the generator of Steele, Lea and Flood (Java's
// SplittableRandom): a counter stepped by the golden ratio and scrambled by
// two multiplications. It passes BigCrush and costs a fraction of a PCG
// draw, so the per-epoch shuffle uses it. The zero value is a valid
// generator; State is the whole state.
type SplitMix64 struct{ State uint64 }

// Uint64 returns the next 64 random bits.
func (r *SplitMix64) Uint64() uint64 {
	var u uint64
	r.State, u = splitMix(r.State)
	return u
}

// splitMix returns the state that follows s and the 64 random bits it
// gives. The shuffle keeps the state in a register through it.
func splitMix(s uint64) (next, u uint64) {
	s += 0x9e3779b97f4a7c15
	z := s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return s, z ^ z>>31
}

// bounded maps the 32 random bits u to [0, n) without bias (Lemire's
// multiply-shift method), drawing again from the generator at state s in
// the rare case that u falls in the biased zone; it returns the state
// after those draws. The shuffle writes it out, as the call to redraw
// keeps the compiler from inlining it.
func bounded(s uint64, u, n uint32) (uint64, uint32) {
	m := uint64(u) * uint64(n)
	if uint32(m) < n {
		s, m = redraw(s, m, n)
	}
	return s, uint32(m >> 32)
}

// redraw is the slow path of bounded, given m = u·n with its low half
// in [0, n): it draws until that low half is out of the biased zone and
// returns the state and the product.
//
//go:noinline
func redraw(s, m uint64, n uint32) (uint64, uint64) {
	for threshold := -n % n; uint32(m) < threshold; {
		var u uint64
		s, u = splitMix(s)
		m = uint64(uint32(u)) * uint64(n)
	}
	return s, m
}
