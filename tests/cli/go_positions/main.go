// go_positions prints where go/parser places the parameters and the result of
// each function without a body in a Go file, one a line:
//
//	FUNC param NAME LINE:COLUMN
//	FUNC result LINE:COLUMN
//	FUNC call LINE:COLUMN     (a call's opening parenthesis, where Go's SSA places it)
//
// bad_input_test.sh checks tinybpf's messages about hand-declared helpers
// against these places: Go's own parser, not tinybpf's reading of the file.
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go_positions FILE.go")
		os.Exit(2)
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, os.Args[1], nil, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	at := func(p token.Pos) string {
		pos := fset.Position(p)
		return fmt.Sprintf("%d:%d", pos.Line, pos.Column)
	}
	bodyless := map[string]bool{}
	for _, decl := range file.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body != nil {
			continue
		}
		bodyless[fn.Name.Name] = true
		for _, field := range fn.Type.Params.List {
			for _, name := range field.Names {
				fmt.Printf("%s param %s %s\n", fn.Name.Name, name.Name, at(name.Pos()))
			}
		}
		if fn.Type.Results != nil {
			for _, field := range fn.Type.Results.List {
				fmt.Printf("%s result %s\n", fn.Name.Name, at(field.Type.Pos()))
			}
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && bodyless[id.Name] {
				fmt.Printf("%s call %s\n", id.Name, at(call.Lparen))
			}
		}
		return true
	})
}
