package events

import (
	"encoding/json"
	"math"
	"testing"
)

func TestU128(t *testing.T) {
	tests := []struct {
		x    U128
		want string
	}{
		{U128{}, "0"},
		{U128{Lo: 12345}, "12345"},
		{U128{Lo: math.MaxUint64}, "18446744073709551615"},
		{U128{Lo: 1, Hi: 2}, "36893488147419103233"},
		{U128{Lo: math.MaxUint64, Hi: math.MaxUint64}, "340282366920938463463374607431768211455"},
	}
	for _, tt := range tests {
		if got := tt.x.String(); got != tt.want {
			t.Errorf("U128%+v.String() = %s, want %s", tt.x, got, tt.want)
		}
		b, _ := json.Marshal(tt.x)
		var back U128
		if err := json.Unmarshal(b, &back); err != nil || back != tt.x {
			t.Errorf("round trip %s = %+v, %v", b, back, err)
		}
	}
	for _, s := range []string{`12`, `""`, `"1a"`, `"340282366920938463463374607431768211456"`, `"-1"`} {
		var x U128
		if err := json.Unmarshal([]byte(s), &x); err == nil {
			t.Errorf("Unmarshal(%s) = %+v, nil error", s, x)
		}
	}
}
