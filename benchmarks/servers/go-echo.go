// Go net echo server, TCP or UDP: an optional anchor row, showing what Go's
// own runtime poller does on the same workload. The loops are the plain
// ones a Go programmer writes: a goroutine per connection reading into its
// buffer and writing it back; one ReadFrom/WriteTo loop for UDP.
// Usage: go-echo tcp|udp [port]; prints the port, runs until killed.
package main

import (
	"fmt"
	"net"
	"os"
)

func main() {
	if len(os.Args) < 2 || (os.Args[1] != "tcp" && os.Args[1] != "udp") {
		fmt.Fprintln(os.Stderr, "usage: go-echo tcp|udp [port]")
		os.Exit(2)
	}
	port := "0"
	if len(os.Args) > 2 {
		port = os.Args[2]
	}
	addr := net.JoinHostPort("127.0.0.1", port)
	if os.Args[1] == "udp" {
		serveUDP(addr)
	} else {
		serveTCP(addr)
	}
}

func serveTCP(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	for {
		c, err := ln.Accept()
		if err != nil {
			continue
		}
		go echo(c)
	}
}

func echo(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 64*1024)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		if _, err := c.Write(buf[:n]); err != nil {
			return
		}
	}
}

func serveUDP(addr string) {
	pc, err := net.ListenPacket("udp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(pc.LocalAddr().(*net.UDPAddr).Port)
	buf := make([]byte, 64*1024)
	for {
		n, from, err := pc.ReadFrom(buf)
		if err != nil {
			continue
		}
		pc.WriteTo(buf[:n], from)
	}
}
