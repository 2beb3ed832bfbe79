// Command tracer lists the tasks (threads) on the system as a BPF task
// iterator (bpf/, built into build/tasks.bpf.o by scripts/build.sh) walks
// them: process id, thread id, parent process id, command name.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"syscall"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/iterator/internal/loader"
	"github.com/tinybpf/tinybpf/examples/iterator/internal/task"
)

func main() {
	var (
		obj    string
		asJSON bool
		pid    int
	)
	flag.StringVar(&obj, "obj", "build/tasks.bpf.o", trace.ObjUsage)
	flag.BoolVar(&asJSON, "json", false, "print one JSON object per task and line")
	flag.IntVar(&pid, "pid", 0, "only the threads of process `N` (0: every task)")
	trace.Main("tracer", "",
		"Lists every task (thread) with a BPF task iterator (iter/task), once; needs root.\n"+
			"One line per task: TGID TID PPID COMM, under a heading; with -json one object each.",
		func(context.Context) error {
			if pid < 0 || pid > 1<<22 {
				return fmt.Errorf("-pid %d: not a process id", pid)
			}
			return run(obj, int32(pid), asJSON)
		})
}

func run(obj string, pid int32, asJSON bool) error {
	it, err := loader.Load(obj, pid)
	if err != nil {
		return err
	}
	defer it.Close()
	b, err := it.Read()
	if err != nil {
		return err
	}
	tasks, err := task.Decode(b)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(os.Stdout)
	if !asJSON {
		if _, err := fmt.Println(task.Heading); errors.Is(err, syscall.EPIPE) {
			return nil
		}
	}
	for _, t := range tasks {
		if asJSON {
			err = enc.Encode(t)
		} else {
			_, err = fmt.Println(t.Text())
		}
		if errors.Is(err, syscall.EPIPE) {
			return nil // tracer | head: head has what it wanted
		} else if err != nil {
			return err
		}
	}
	log.Printf("listed %d of the tasks the iterator walked", len(tasks))
	return nil
}
