package yellowstone

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Causes of a resubscribe, the values of the reconnects_total "cause" label.
const (
	causeRateLimited     = "rate_limited"
	causeUnauthenticated = "unauthenticated"
	causeNotWhitelisted  = "not_whitelisted"
	causeStalled         = "stalled"
	causeStreamError     = "stream_error"
	causeEOF             = "eof"
	causeConnection      = "connection"
	causeOutOfRange      = "out_of_range"
)

var causes = []string{causeRateLimited, causeUnauthenticated, causeNotWhitelisted, causeStalled,
	causeStreamError, causeEOF, causeConnection, causeOutOfRange}

// classify names the cause of a stream's failure and the sentinel that goes with it (nil for
// none). fromSlot says whether the failed attempt asked for from_slot.
func classify(err error, fromSlot bool) (string, error) {
	switch {
	case errors.Is(err, ErrStalled):
		return causeStalled, ErrStalled
	case errors.Is(err, io.EOF):
		return causeEOF, nil
	}
	st, ok := status.FromError(err)
	if !ok {
		return causeStreamError, nil
	}
	msg := strings.ToLower(st.Message())
	switch {
	case st.Code() == codes.ResourceExhausted, isHTTP429(msg):
		return causeRateLimited, ErrRateLimited
	case st.Code() == codes.Unauthenticated:
		return causeUnauthenticated, ErrUnauthenticated
	case st.Code() == codes.PermissionDenied, strings.Contains(msg, "whitelist"):
		return causeNotWhitelisted, ErrNotWhitelisted
	case fromSlot && (st.Code() == codes.OutOfRange ||
		st.Code() == codes.InvalidArgument && strings.Contains(msg, "not available") ||
		strings.Contains(msg, "from_slot is not supported")):
		return causeOutOfRange, ErrOutOfRange
	case st.Code() == codes.Unavailable && isTransportFailure(msg):
		return causeConnection, nil
	}
	return causeStreamError, nil
}

// isHTTP429 reports whether a status is grpc-go's for an HTTP 429 answer ("unexpected HTTP status
// code received from server: 429 (Too Many Requests)"). A bare "429" is not enough: slots hold it.
func isHTTP429(msg string) bool {
	return strings.Contains(msg, "too many requests") || strings.Contains(msg, "status code received from server: 429")
}

// isTransportFailure reports whether an Unavailable status is grpc-go's own, for a connection that
// failed or closed, rather than a status the server sent on a healthy connection.
func isTransportFailure(msg string) bool {
	for _, s := range []string{"error reading from server", "connection error", "transport",
		"connection closed", "keepalive", "while dialing", "eof", "goaway", "dial"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// perStreamLimit reports whether a rate-limit refusal is about streams on one connection rather
// than about connections: then the connection itself is fine and must not be recycled.
func perStreamLimit(err error) bool {
	msg := strings.ToLower(status.Convert(err).Message())
	return strings.Contains(msg, "subscription") || strings.Contains(msg, "stream")
}

// redactedError is an error whose text had the x-token scrubbed out. It unwraps to the sentinel
// of its cause only, never to the error that held the token.
type redactedError struct {
	msg      string
	sentinel error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.sentinel }

// scrub returns err, or a copy of its text without token when the text contains it.
func scrub(err error, token string, sentinel error) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	msg := strings.ReplaceAll(err.Error(), token, "[redacted]")
	if code := status.Code(err); code != codes.Unknown && sentinel == nil {
		msg = fmt.Sprintf("%s (code %s)", msg, code)
	}
	return &redactedError{msg: msg, sentinel: sentinel}
}
