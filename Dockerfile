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

# 0.0.0.0, not the binary's 127.0.0.1 default, so the published port reaches it. Arguments given to
# `docker run IMAGE ...` are appended, and a later flag wins, e.g. `--require-user-authentication=false`.
ENTRYPOINT ["/mage-reference", "--addr=0.0.0.0:6789"]
