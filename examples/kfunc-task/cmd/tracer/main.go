// Command tracer looks tasks up by id in the kernel, with the syscall
// program in bpf/ (built into build/task.bpf.o by scripts/build.sh), which
// calls the kfuncs bpf_task_from_pid and bpf_task_release, and prints what
// the kernel's task_struct says: process, parent, command name.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"

	"github.com/tinybpf/tinybpf/examples/internal/trace"
	"github.com/tinybpf/tinybpf/examples/kfunc-task/internal/loader"
)

func main() {
	var obj string
	var asJSON bool
	var pids []int32
	flag.StringVar(&obj, "obj", "build/task.bpf.o", trace.ObjUsage)
	flag.BoolVar(&asJSON, "json", false, "print one JSON object per task and line")
	flag.Func("pid", "look up the task with id `N`, a process or thread id (repeatable; required)", func(s string) error {
		n, err := strconv.ParseInt(s, 10, 32)
		if err != nil || n <= 0 {
			return fmt.Errorf("not a task id: %q", s)
		}
		pids = append(pids, int32(n))
		return nil
	})
	trace.Main("tracer", "-pid N [-pid N]... [-json] [-obj PATH]",
		"Looks tasks up in the kernel with the kfuncs bpf_task_from_pid and bpf_task_release\n"+
			"(Linux 6.2+ with BTF, and a kernel that lets syscall programs call them: tested on 6.12)\n"+
			"and prints each one's thread id, process id, parent's process id and command name.\n"+
			"Needs root. Exit status 1 if a task was not found.",
		func(context.Context) error {
			if len(pids) == 0 {
				flag.Usage()
				os.Exit(2)
			}
			return run(obj, asJSON, pids)
		})
}

func run(obj string, asJSON bool, pids []int32) error {
	l, err := loader.Open(obj)
	if err != nil {
		return err
	}
	defer l.Close()
	enc := json.NewEncoder(os.Stdout)
	var missing []error
	for _, pid := range pids {
		task, err := l.Lookup(pid)
		if errors.Is(err, loader.ErrNoSuchTask) {
			log.Print(err)
			missing = append(missing, err)
			continue
		}
		if err != nil {
			return err
		}
		if asJSON {
			err = enc.Encode(task)
		} else {
			_, err = fmt.Println(task.Text())
		}
		if err != nil {
			return err
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%d of %d tasks not found", len(missing), len(pids))
	}
	return nil
}
