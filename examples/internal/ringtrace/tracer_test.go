package ringtrace

import "testing"

func TestCString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"abc\x00def", "abc"},
		{"\x00abc", ""},
		{"full", "full"}, // no NUL: the whole field
		{"", ""},
	} {
		if got := CString([]byte(c.in)); got != c.want {
			t.Errorf("CString(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
