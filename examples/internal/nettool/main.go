// Command nettool makes the traffic the networking examples' smoke tests
// check: an echo server, and a client that sends N messages from a chosen
// source address and counts the replies. It prints one line the tests parse.
//
//	nettool echo ADDR:PORT...          serve UDP and TCP echo on each address
//	nettool ping [flags] ADDR:PORT     send -n messages, count the echoes:
//	                                   "pid=P sent=N replies=M err=E"
//
// err is "-" when every message had its reply, else the first failure: an
// errno name (EPERM, ECONNREFUSED, ...) or "timeout".
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "echo":
		echo(os.Args[2:])
	case "ping":
		ping(os.Args[2:])
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: nettool echo ADDR:PORT... | nettool ping [-proto udp|tcp] [-src ADDR] [-n N] [-timeout D] ADDR:PORT")
	os.Exit(2)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "nettool:", err)
	os.Exit(1)
}

// echo serves UDP and TCP echo on every address until SIGINT or SIGTERM,
// after printing "listening".
func echo(addrs []string) {
	if len(addrs) == 0 {
		usage()
	}
	for _, a := range addrs {
		pc, err := net.ListenPacket("udp", a)
		if err != nil {
			fatal(err)
		}
		go func() {
			buf := make([]byte, 2048)
			for {
				n, from, err := pc.ReadFrom(buf)
				if err != nil {
					return
				}
				pc.WriteTo(buf[:n], from)
			}
		}()
		ln, err := net.Listen("tcp", a)
		if err != nil {
			fatal(err)
		}
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				go func() {
					defer c.Close()
					buf := make([]byte, 2048)
					for {
						n, err := c.Read(buf)
						if err != nil {
							return
						}
						c.Write(buf[:n])
					}
				}()
			}
		}()
	}
	fmt.Println("listening")
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
}

// ping sends n messages to dst, each after the previous one's reply or
// timeout: over one UDP socket, or (tcp) over one new connection each.
func ping(args []string) {
	fs := flag.NewFlagSet("ping", flag.ExitOnError)
	proto := fs.String("proto", "udp", "udp or tcp")
	src := fs.String("src", "", "source address to bind (default: the kernel's choice)")
	n := fs.Int("n", 1, "messages to send")
	timeout := fs.Duration("timeout", time.Second, "how long to wait for each reply (and each TCP connect)")
	fs.Parse(args)
	if fs.NArg() != 1 || (*proto != "udp" && *proto != "tcp") {
		usage()
	}
	dst := fs.Arg(0)
	d := net.Dialer{Timeout: *timeout}
	if *src != "" {
		ip := net.ParseIP(*src)
		if ip == nil {
			fatal(fmt.Errorf("not an address: %q", *src))
		}
		if *proto == "udp" {
			d.LocalAddr = &net.UDPAddr{IP: ip}
		} else {
			d.LocalAddr = &net.TCPAddr{IP: ip}
		}
	}
	sent, replies := 0, 0
	var first error
	fail := func(err error) {
		if first == nil {
			first = err
		}
	}
	var udp net.Conn
	for i := 0; i < *n; i++ {
		c := udp
		if c == nil {
			var err error
			c, err = d.Dial(*proto, dst)
			if err != nil {
				sent++ // a connect that fails is a message that had no reply
				fail(err)
				continue
			}
			if *proto == "udp" {
				udp = c
			}
		}
		msg := fmt.Sprintf("ping %d\n", i)
		_, err := c.Write([]byte(msg))
		sent++
		if err == nil {
			c.SetReadDeadline(time.Now().Add(*timeout))
			buf := make([]byte, len(msg))
			var m int
			m, err = c.Read(buf)
			if err == nil && string(buf[:m]) == msg {
				replies++
			} else if err == nil {
				err = fmt.Errorf("reply %q to %q", buf[:m], msg)
			}
		}
		if err != nil {
			fail(err)
		}
		if *proto == "tcp" {
			c.Close()
		}
	}
	fmt.Printf("pid=%d sent=%d replies=%d err=%s\n", os.Getpid(), sent, replies, errName(first))
}

// errName is "-" for nil, the errno's name (EPERM) for a system call's
// error, "timeout" for a deadline, else the error's text.
func errName(err error) string {
	var errno syscall.Errno
	var ne net.Error
	switch {
	case err == nil:
		return "-"
	case errors.As(err, &errno):
		return unix.ErrnoName(errno)
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	}
	return err.Error()
}
