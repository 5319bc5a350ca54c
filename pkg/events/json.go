package events

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/subjects"
)

// The append helpers below write `,"name":value` exactly as encoding/json writes the same Go
// value; body types build their AppendJSON from them.

func appendKey(dst []byte, name string) []byte {
	dst = append(dst, ',', '"')
	dst = append(dst, name...)
	return append(dst, '"', ':')
}

func appendU64(dst []byte, name string, v uint64) []byte {
	return strconv.AppendUint(appendKey(dst, name), v, 10)
}

func appendU8(dst []byte, name string, v uint8) []byte { return appendU64(dst, name, uint64(v)) }

func appendU16(dst []byte, name string, v uint16) []byte { return appendU64(dst, name, uint64(v)) }

func appendI64(dst []byte, name string, v int64) []byte {
	return strconv.AppendInt(appendKey(dst, name), v, 10)
}

func appendBool(dst []byte, name string, v bool) []byte {
	return strconv.AppendBool(appendKey(dst, name), v)
}

func appendStr(dst []byte, name, v string) []byte { return appendQuoted(appendKey(dst, name), v) }

func appendPubkey(dst []byte, name string, k solana.PublicKey) []byte {
	dst = append(appendKey(dst, name), '"')
	dst = subjects.AppendBase58(dst, k[:])
	return append(dst, '"')
}

// appendFloat writes f as encoding/json does: shortest representation, exponent form below
// 1e-6 and from 1e21, "e-07" shortened to "e-7". NaN and ±Inf, which JSON cannot hold, become 0.
func appendFloat(dst []byte, name string, f float64) []byte {
	dst = appendKey(dst, name)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, '0')
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		n := len(dst) - start
		if n >= 4 && dst[len(dst)-4] == 'e' && dst[len(dst)-3] == '-' && dst[len(dst)-2] == '0' {
			dst[len(dst)-2] = dst[len(dst)-1]
			dst = dst[:len(dst)-1]
		}
	}
	return dst
}

const hex = "0123456789abcdef"

// appendQuoted writes s as a JSON string the way encoding/json does (HTML-safe escaping,
// invalid UTF-8 replaced by U+FFFD).
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
