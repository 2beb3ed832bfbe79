package main

import "testing"

func TestBlockFlag(t *testing.T) {
	var l addrList
	for _, v := range []string{"192.0.2.1", "2001:db8::2", "::ffff:198.51.100.7"} {
		if err := l.Set(v); err != nil {
			t.Fatalf("Set(%q): %v", v, err)
		}
	}
	// An IPv4-mapped IPv6 address is the IPv4 address the packet carries.
	if got := l.String(); got != "192.0.2.1,2001:db8::2,198.51.100.7" {
		t.Errorf("addresses = %q", got)
	}
	if !l[2].Is4() || l[1].Is4() {
		t.Errorf("families: %v is4=%v, %v is4=%v", l[2], l[2].Is4(), l[1], l[1].Is4())
	}
	for _, v := range []string{"192.0.2", "host", "", "192.0.2.1/24"} {
		if err := l.Set(v); err == nil {
			t.Errorf("Set(%q) accepted something that is no address", v)
		}
	}
}
