package newsgroups_test

import (
	"fmt"
	"strings"

	"github.com/fastai-go/topicmodel/datasets/newsgroups"
)

const post = `From: alice@example.org
Subject: Re: orbits

In article <1@example.org> bob@example.org writes:
> Why don't satellites fall?
They do; they keep missing the ground.

-- 
Alice`

func ExampleStripHeader() {
	body := newsgroups.StripHeader(post)
	fmt.Printf("%q\n", body[:strings.IndexByte(body, '\n')])
	// Output:
	// "In article <1@example.org> bob@example.org writes:"
}

func ExampleStripFooter() {
	fmt.Println(newsgroups.StripFooter(newsgroups.StripHeader(post)))
	// Output:
	// In article <1@example.org> bob@example.org writes:
	// > Why don't satellites fall?
	// They do; they keep missing the ground.
}

func ExampleStripQuoting() {
	fmt.Println(newsgroups.StripQuoting("In article <1@x> bob writes:\n> a question\nan answer"))
	// Output:
	// an answer
}
