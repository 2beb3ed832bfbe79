package main

import "testing"

func TestPortFlag(t *testing.T) {
	var l portList
	for _, v := range []string{"7007", "1", "65535"} {
		if err := l.Set(v); err != nil {
			t.Fatalf("Set(%q): %v", v, err)
		}
	}
	if got := l.String(); got != "7007,1,65535" {
		t.Errorf("ports = %q, want 7007,1,65535", got)
	}
	for _, v := range []string{"0", "65536", "-1", "http", ""} {
		if err := l.Set(v); err == nil {
			t.Errorf("Set(%q) accepted a port outside 1-65535", v)
		}
	}
	if len(l) != 3 {
		t.Errorf("%d ports after refusals, want 3", len(l))
	}
}
