package event

import (
	"encoding/binary"
	"encoding/json"
	"testing"
)

func TestQueryLayout(t *testing.T) {
	// taskQuery in bpf/task.go: 4 int32s, then comm at 16; 32 bytes.
	if got := binary.Size(Query{}); got != 32 {
		t.Fatalf("binary.Size(Query) = %d, want 32", got)
	}
	b := make([]byte, 32)
	binary.LittleEndian.PutUint32(b[0:], 1234)
	binary.LittleEndian.PutUint32(b[4:], 1200)
	binary.LittleEndian.PutUint32(b[8:], 1)
	copy(b[16:], "tbpf-child\x00junk")
	var q Query
	if _, err := binary.Decode(b, binary.LittleEndian, &q); err != nil {
		t.Fatal(err)
	}
	if got, want := FromQuery(q), (Task{Pid: 1234, Tgid: 1200, Ppid: 1, Comm: "tbpf-child"}); got != want {
		t.Fatalf("FromQuery = %+v, want %+v", got, want)
	}
}

func TestTextAndJSON(t *testing.T) {
	task := Task{Pid: 1234, Tgid: 1200, Ppid: 1, Comm: "tbpf-child"}
	if got, want := task.Text(), "pid=1234 tgid=1200 ppid=1 comm=tbpf-child"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	b, err := json.Marshal(task)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"pid":1234,"tgid":1200,"ppid":1,"comm":"tbpf-child"}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
}
