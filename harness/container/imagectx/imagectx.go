// Package imagectx lays out Docker build contexts around a Go binary compiled on the host. No
// image registry is reachable where this project builds, so its images are FROM scratch and
// carry a static (CGO_ENABLED=0) binary instead of compiling inside a golang image.
package imagectx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ReferenceBinary is where the repository's Dockerfile expects the reference server binary,
// relative to the build context.
const ReferenceBinary = "bin/mage-reference"

// StaticBinary compiles the main package pkg (as `go build` names it, e.g.
// "./reference/cmd/mage-reference") of the module in moduleDir into out, statically linked.
func StaticBinary(ctx context.Context, moduleDir, pkg, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", out, pkg)
	cmd.Dir = moduleDir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOTOOLCHAIN=local")
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w: %s", pkg, err, strings.TrimSpace(output.String()))
	}
	return nil
}

// Reference lays out the reference server's build context in dir, as `make image` does in the
// repository: the repository's Dockerfile and .dockerignore, and the static binary at
// ReferenceBinary. It returns the Dockerfile's path.
func Reference(ctx context.Context, repoRoot, dir string) (string, error) {
	for _, name := range []string{"Dockerfile", ".dockerignore"} {
		if err := copyFile(filepath.Join(repoRoot, name), filepath.Join(dir, name)); err != nil {
			return "", err
		}
	}
	out := filepath.Join(dir, filepath.FromSlash(ReferenceBinary))
	if err := StaticBinary(ctx, repoRoot, "./reference/cmd/mage-reference", out); err != nil {
		return "", err
	}
	return filepath.Join(dir, "Dockerfile"), nil
}

// Scratch lays out a minimal context in dir: the static binary of pkg as /app, FROM scratch.
func Scratch(ctx context.Context, moduleDir, pkg, dir string) (string, error) {
	if err := StaticBinary(ctx, moduleDir, pkg, filepath.Join(dir, "app")); err != nil {
		return "", err
	}
	dockerfile := filepath.Join(dir, "Dockerfile")
	const text = "FROM scratch\nCOPY app /app\nENTRYPOINT [\"/app\"]\n"
	if err := os.WriteFile(dockerfile, []byte(text), 0o644); err != nil {
		return "", err
	}
	return dockerfile, nil
}

// ModuleRoot walks up from the working directory to the folder holding go.mod: tests run in
// their package's folder, and builds run from the module root.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}
