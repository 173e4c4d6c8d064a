package main

import (
	"bytes"
	"log"
	"net/http/httptest"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/mageconform/mageconform/reference"
	"github.com/mageconform/mageconform/reference/internal/logline"
)

var _ = Describe("the request log", func() {
	It("stamps each line as the standard logger would, and writes it out by Close at the latest", func() {
		var buf bytes.Buffer
		out := newBatchWriter(&buf, time.Hour)
		h := logRequests(out, logline.New(reference.DefaultAPIKey), reference.New(reference.DefaultConfig()))
		for _, target := range []string{"/api/status", "/api/users/1?api_key=" + reference.DefaultAPIKey} {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", target, nil))
		}
		Expect(buf.Len()).To(BeZero(), "batched, not yet written")
		out.Close()
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		Expect(lines).To(HaveLen(2))
		var std bytes.Buffer
		log.New(&std, "", log.LstdFlags|log.Lmicroseconds).Print("x")
		for _, line := range lines {
			Expect(line).To(MatchRegexp(`^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{6} GET /api/\S+ \d{3} \d+B \S+$`))
			Expect(line[:10]).To(Equal(std.String()[:10]), "the date as log prints it")
		}
		Expect(lines[1]).To(ContainSubstring(" /api/users/1 200 ")) // the public scope: E(403) with HTTP 200
		Expect(buf.String()).NotTo(ContainSubstring(reference.DefaultAPIKey))
	})
})
