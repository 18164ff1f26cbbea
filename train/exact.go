package train

import (
	"encoding/json"
	"math"
	"strconv"
)

// ExactFloat is a float64 that survives a JSON round trip bit for bit: a finite
// value is written as the shortest number that parses back to it, and NaN
// and ±Inf, which JSON has no numbers for, as the strings "NaN", "+Inf"
// and "-Inf". Saved runs use it; reports use NullFloat, which writes null.
type ExactFloat float64

// MarshalJSON writes f exactly.
func (f ExactFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	switch {
	case math.IsNaN(v):
		return []byte(`"NaN"`), nil
	case math.IsInf(v, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *ExactFloat) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !math.IsNaN(v) && !math.IsInf(v, 0) {
			return &json.UnsupportedValueError{Str: s}
		}
		*f = ExactFloat(v)
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = ExactFloat(v)
	return nil
}

// ExactFloats is a slice of float64 written as ExactFloat values.
type ExactFloats []float64

// MarshalJSON writes every value exactly.
func (fs ExactFloats) MarshalJSON() ([]byte, error) {
	b := []byte{'['}
	for i, v := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		x, _ := ExactFloat(v).MarshalJSON() // never fails
		b = append(b, x...)
	}
	return append(b, ']'), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (fs *ExactFloats) UnmarshalJSON(b []byte) error {
	var plain []float64 // the common case: every value finite
	if json.Unmarshal(b, &plain) == nil {
		*fs = plain
		return nil
	}
	var xs []ExactFloat
	if err := json.Unmarshal(b, &xs); err != nil {
		return err
	}
	*fs = make(ExactFloats, len(xs))
	for i, x := range xs {
		(*fs)[i] = float64(x)
	}
	return nil
}
