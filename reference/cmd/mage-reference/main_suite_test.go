package main

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestMageReference(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "mage-reference command")
}
