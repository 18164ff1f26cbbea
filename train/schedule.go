package train

import "math"

// Schedule changes the learning rate from epoch to epoch over a horizon
// of H epochs (Config.Horizon). The zero value is Constant. Epochs are
// counted from 0; past the horizon the last rate holds.
//
//	constant: lrₑ = lr
//	cosine:   lrₑ = lr · ½(1 + cos(π·min(e, H)/H))   (Keras's CosineDecay with α = 0, per epoch)
//	step:     lrₑ = lr, lr/10 from H/2, lr/100 from 3H/4
type Schedule int

// The schedules.
const (
	Constant Schedule = iota
	Cosine
	Step
)

// Schedules lists every schedule.
var Schedules = []Schedule{Constant, Cosine, Step}

var scheduleNames = [...]string{Constant: "constant", Cosine: "cosine", Step: "step"}

// String returns the name of s, such as "cosine".
func (s Schedule) String() string { return enumName(scheduleNames[:], s, "Schedule") }

// MarshalText returns the name of s.
func (s Schedule) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText sets s from its name.
func (s *Schedule) UnmarshalText(b []byte) (err error) {
	*s, err = ParseSchedule(string(b))
	return err
}

// ParseSchedule returns the schedule with the given name.
func ParseSchedule(name string) (Schedule, error) {
	return parseEnum[Schedule](scheduleNames[:], name, "schedule")
}

// Rate returns the learning rate of epoch e for base rate lr and horizon h.
func (s Schedule) Rate(lr float64, e, h int) float64 {
	switch s {
	case Cosine:
		return lr * 0.5 * (1 + math.Cos(math.Pi*float64(min(e, h))/float64(h)))
	case Step:
		switch {
		case 4*e >= 3*h:
			return lr / 100
		case 2*e >= h:
			return lr / 10
		}
	}
	return lr
}
