package files_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/fastai-go/topicmodel/datasets/files"
)

func ExampleLoadFolder() {
	// testdata/tree has seven category folders and two stray files.
	b, err := files.LoadFolder("testdata/tree", files.FolderOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(b.Data), "documents in", len(b.TargetNames), "categories:", strings.Join(b.TargetNames, " "))
	fmt.Println("labels:", b.Target[:8])
	// Output:
	// 18 documents in 7 categories: 10 9 Zebra _under alpha beta café
	// labels: [0 2 3 4 5 1 0 6]
}

func ExampleReadJSONL() {
	in := `{"text": "Rockets reach orbit", "label": "space"}
{"text": "Rendering a teapot", "label": "graphics"}

{"text": "The moon landing", "label": "space"}
`
	b, err := files.ReadJSONL(strings.NewReader(in), "posts.jsonl", files.JSONLOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(b.TargetNames, b.Target, b.Lines)

	_, err = files.ReadJSONL(strings.NewReader(`{"body": "no text field"}`), "bad.jsonl", files.JSONLOptions{})
	fmt.Println(err)
	// Output:
	// [graphics space] [1 0 1] [1 2 4]
	// files: bad.jsonl line 1 has no "text" field (its keys: "body"); name the text field with TextField (-text-field)
}

func ExampleEncoding_Decode() {
	b := []byte("caf\xe9 \xe2\x82A")
	fmt.Printf("%+q\n", files.UTF8.Decode(b))
	fmt.Printf("%+q\n", files.Latin1.Decode(b))
	// Output:
	// "caf\ufffd \ufffdA"
	// "caf\u00e9 \u00e2\u0082A"
}
