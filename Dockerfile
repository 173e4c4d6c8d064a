# The reference server as a container image.
#
# No image registry is reachable where this project builds (nor in many CI networks), so there is
# no `FROM golang` stage: the static binary is compiled on the host first and only copied here.
#   make image        # CGO_ENABLED=0 go build -o bin/mage-reference ..., then docker build
# The build context is the repository root; .dockerignore lets only that binary through.
FROM scratch

COPY bin/mage-reference /mage-reference

# An unprivileged numeric user: scratch has no /etc/passwd to resolve names against.
USER 65532:65532
EXPOSE 6789

# 0.0.0.0, not the binary's 127.0.0.1 default, so the published port reaches it. Set through the
# environment, not a flag, so that every setting stays open to both channels: each flag has an
# environment variable (MAGE_API_KEY, REQUIRE_USER_AUTHENTICATION, JWT_SECRET, ...; see
# reference/cmd/mage-reference), and a flag given after the image name wins over it.
ENV MAGE_REFERENCE_ADDR=0.0.0.0:6789
ENTRYPOINT ["/mage-reference"]
