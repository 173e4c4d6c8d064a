package reference_test

import (
	"github.com/golang-jwt/jwt/v5"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// expectError asserts the error envelope of A3: the HTTP status, and a body of
// exactly {"error": {code, message, type[, errors]}, "status"} with the code and type.
func expectError(res response, httpStatus, code int, typ string) {
	GinkgoHelper()
	Expect(res.Status).To(Equal(httpStatus), "HTTP status; body %s", res.Raw)
	Expect(res.Header.Get("Content-Type")).To(Equal("application/json"))
	Expect(res.Body).To(HaveLen(2), "body %s", res.Raw)
	Expect(res.Body).To(HaveKey("status"))
	errObj, ok := res.Body["error"].(map[string]any)
	Expect(ok).To(BeTrue(), "error object in %s", res.Raw)
	Expect(errObj).To(HaveKeyWithValue("code", BeNumerically("==", code)), "body %s", res.Raw)
	Expect(errObj).To(HaveKeyWithValue("type", typ), "body %s", res.Raw)
	Expect(errObj).To(HaveKeyWithValue("message", BeAssignableToTypeOf("")))
	for k := range errObj {
		Expect(k).To(BeElementOf("code", "message", "type", "errors"))
	}
}

// expectFailure is the usual case: HTTP 200, body status 200.
func expectFailure(res response, code int, typ string) {
	GinkgoHelper()
	expectError(res, 200, code, typ)
	Expect(res.Body["status"]).To(BeNumerically("==", 200))
}

// expectAuthFailure: HTTP 401 with body status 200, as Mage sends them.
func expectAuthFailure(res response, typ string) {
	GinkgoHelper()
	expectError(res, 401, 401, typ)
	Expect(res.Body["status"]).To(BeNumerically("==", 200))
}

// expectSuccess asserts A2: HTTP 200, the key, metadata, no error or status.
func expectSuccess(res response, key string) {
	GinkgoHelper()
	Expect(res.Status).To(Equal(200), "body %s", res.Raw)
	Expect(res.Body).To(HaveKey(key), "body %s", res.Raw)
	Expect(res.Body).To(HaveKey("metadata"))
	Expect(res.Body).To(HaveLen(2), "body %s", res.Raw)
}

// object is the singular object of a success body.
func object(res response, key string) map[string]any {
	GinkgoHelper()
	expectSuccess(res, key)
	Expect(res.Body["metadata"]).To(BeNil())
	m, ok := res.Body[key].(map[string]any)
	Expect(ok).To(BeTrue(), "%s is an object in %s", key, res.Raw)
	return m
}

// items is the array of a list body.
func items(res response, key string) []any {
	GinkgoHelper()
	expectSuccess(res, key)
	list, ok := res.Body[key].([]any)
	Expect(ok).To(BeTrue(), "%s is an array in %s", key, res.Raw)
	return list
}

func metadata(res response) map[string]any {
	m, ok := res.Body["metadata"].(map[string]any)
	Expect(ok).To(BeTrue(), "metadata object in %s", res.Raw)
	return m
}

// jwtPayload decodes a JWT's claims without verifying it.
func jwtPayload(signed string) map[string]any {
	claims := jwt.MapClaims{}
	_, _, err := jwt.NewParser().ParseUnverified(signed, claims)
	Expect(err).NotTo(HaveOccurred())
	return claims
}
