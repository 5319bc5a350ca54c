package rpcjson

import (
	"encoding/base64"
	"encoding/json"
	"strconv"

	"github.com/mr-tron/base58"
)

// decodeBase58 decodes s; the empty string is empty data.
func decodeBase58(s, path string) ([]byte, error) {
	if s == "" {
		return []byte{}, nil
	}
	b, err := base58.Decode(s)
	if err != nil {
		return nil, errorf(path, "invalid base58")
	}
	return b, nil
}

func decodeBase64(s, path string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errorf(path, "invalid base64: %v", err)
	}
	return b, nil
}

// byteArray decodes a JSON array of numbers 0..255 (how Yellowstone JSON writes bytes).
func byteArray(raw json.RawMessage, path string) ([]byte, error) {
	var ns []json.Number
	if err := json.Unmarshal(raw, &ns); err != nil {
		return nil, wrapf(path, err)
	}
	b := make([]byte, len(ns))
	for i, n := range ns {
		v, err := strconv.ParseUint(string(n), 10, 8)
		if err != nil {
			return nil, errorf(index(path, i), "%s is not a byte", n)
		}
		b[i] = byte(v)
	}
	return b, nil
}

// bytesOf decodes bytes written as a base58 string or as a byte array.
func bytesOf(raw json.RawMessage, path string) ([]byte, error) {
	switch kind(raw) {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, wrapf(path, err)
		}
		return decodeBase58(s, path)
	case '[':
		return byteArray(raw, path)
	}
	return nil, errorf(path, "want base58 text or a byte array, have %s", describe(raw))
}

// fixed decodes n bytes written as base58 or a byte array (a pubkey, hash or signature).
func fixed(raw json.RawMessage, n int, what, path string) ([]byte, error) {
	b, err := bytesOf(raw, path)
	if err != nil {
		return nil, err
	}
	if len(b) != n {
		return nil, errorf(path, "not a %s: %d bytes, want %d", what, len(b), n)
	}
	return b, nil
}

func pubkey(raw json.RawMessage, path string) ([]byte, error) {
	return fixed(raw, 32, "public key", path)
}

// pubkeyString decodes a base58 public key.
func pubkeyString(s, path string) ([]byte, error) {
	b, err := decodeBase58(s, path)
	if err != nil {
		return nil, err
	}
	if len(b) != 32 {
		return nil, errorf(path, "not a public key: %d bytes, want 32", len(b))
	}
	return b, nil
}

// pubkeys decodes a JSON array of public keys.
func pubkeys(raw json.RawMessage, path string) ([][]byte, error) {
	if isNull(raw) {
		return nil, nil
	}
	elems, err := array(raw, path)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(elems))
	for i, e := range elems {
		if out[i], err = pubkey(e, index(path, i)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// indexes decodes a JSON array of account indexes 0..255.
func indexes(raw json.RawMessage, path string) ([]byte, error) {
	if isNull(raw) {
		return []byte{}, nil
	}
	if kind(raw) != '[' {
		return nil, errorf(path, "want an array of indexes, have %s", describe(raw))
	}
	return byteArray(raw, path)
}

// encodedData decodes [text, encoding] (or bare text in the legacy "binary" encoding, base58).
func encodedData(raw json.RawMessage, path string, bare func(string, string) ([]byte, error)) ([]byte, string, error) {
	switch kind(raw) {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, "", wrapf(path, err)
		}
		b, err := bare(s, path)
		return b, "", err
	case '[':
		var pair []string
		if err := json.Unmarshal(raw, &pair); err != nil || len(pair) != 2 {
			return nil, "", errorf(path, "want [data, encoding]")
		}
		p0 := index(path, 0)
		switch pair[1] {
		case "base64":
			b, err := decodeBase64(pair[0], p0)
			return b, pair[1], err
		case "base58":
			b, err := decodeBase58(pair[0], p0)
			return b, pair[1], err
		}
		return nil, "", errorf(index(path, 1), "unsupported encoding %q (want base64 or base58)", pair[1])
	}
	return nil, "", errorf(path, "want [data, encoding], have %s", describe(raw))
}
