package task

import (
	"encoding/json"
	"testing"
)

// Two hand-written records: 4660/4661 child of 1, "worker" then junk; and
// 1/1 child of 0, a 16-byte name without a NUL.
func records() []byte {
	b := make([]byte, 2*Size)
	copy(b, []byte{
		0x34, 0x12, 0, 0, // tgid 4660
		0x35, 0x12, 0, 0, // tid 4661
		1, 0, 0, 0, // ppid 1
		0xff, 0xff, 0xff, 0xff, // padding: ignored
		'w', 'o', 'r', 'k', 'e', 'r', 0, 'j', 'u', 'n', 'k',
	})
	copy(b[Size:], []byte{1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	copy(b[Size+16:], "0123456789abcdef")
	return b
}

func TestDecode(t *testing.T) {
	got, err := Decode(records())
	if err != nil {
		t.Fatal(err)
	}
	want := []Task{{4660, 4661, 1, "worker"}, {1, 1, 0, "0123456789abcdef"}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("Decode = %+v\n  want %+v", got, want)
	}
	if got[0].Text() != "   4660    4661       1 worker" {
		t.Errorf("Text = %q", got[0].Text())
	}
	b, _ := json.Marshal(got[0])
	if string(b) != `{"tgid":4660,"tid":4661,"ppid":1,"comm":"worker"}` {
		t.Errorf("JSON = %s", b)
	}
}

func TestDecodeEmptyAndPartial(t *testing.T) {
	if got, err := Decode(nil); err != nil || len(got) != 0 {
		t.Errorf("Decode(nil) = %v, %v", got, err)
	}
	if _, err := Decode(records()[:Size+5]); err == nil {
		t.Error("a partial record: no error")
	}
}
