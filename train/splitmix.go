package train

// SplitMix64 is the generator of Steele, Lea and Flood (Java's
// SplittableRandom): a counter stepped by the golden ratio and scrambled by
// two multiplications. It passes BigCrush and costs a fraction of a PCG
// draw, so the per-epoch shuffle uses it. The zero value is a valid
// generator; State is the whole state.
type SplitMix64 struct{ State uint64 }

// Uint64 returns the next 64 random bits.
func (r *SplitMix64) Uint64() uint64 {
	r.State += 0x9e3779b97f4a7c15
	z := r.State
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// bounded maps the 32 random bits u to [0, n) without bias (Lemire's
// multiply-shift method), drawing again in the rare case that u falls in
// the biased zone.
func (r *SplitMix64) bounded(u, n uint32) uint32 {
	m := uint64(u) * uint64(n)
	if uint32(m) < n {
		for threshold := -n % n; uint32(m) < threshold; {
			m = uint64(uint32(r.Uint64())) * uint64(n)
		}
	}
	return uint32(m >> 32)
}
