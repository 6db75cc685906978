package trustvault_test

import (
	"context"
	"os"
	"testing"
	"time"

	"trustvault"
)

// The running app the live tests call: test.sh starts one with the demo seed and sets TRUSTVAULT_BASE_URL.

// demoToken is the seeded demo customer's token (README: demo only).
const demoToken = "tvp_globexdemo26_DemoTokenForTheReadme-NeverUseInProduction"

// liveBaseURL skips the test unless TRUSTVAULT_BASE_URL names a running app.
func liveBaseURL(t *testing.T) string {
	t.Helper()
	baseURL := os.Getenv("TRUSTVAULT_BASE_URL")
	if baseURL == "" {
		t.Skip("TRUSTVAULT_BASE_URL names no running app")
	}
	return baseURL
}

// liveContext bounds a live test generously: CI's machine is loaded.
func liveContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func platform(t *testing.T, token string) *trustvault.Client {
	t.Helper()
	client, err := trustvault.NewClient(liveBaseURL(t), trustvault.Options{PersonalAccessToken: token})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func gateway(t *testing.T, apiKey string) *trustvault.Client {
	t.Helper()
	client, err := trustvault.NewClient(liveBaseURL(t), trustvault.Options{APIKey: apiKey})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// globex is the demo customer's own organization, Globex Analytics.
func globex(ctx context.Context, t *testing.T, client *trustvault.Client) trustvault.Organization {
	t.Helper()
	organizations, err := client.ListOrganizations(ctx, 1, 20)
	if err != nil {
		t.Fatal(err)
	}
	for _, organization := range organizations.Items {
		if organization.Name == "Globex Analytics" {
			return organization
		}
	}
	t.Fatal("the demo customer is no member of Globex Analytics: is the app seeded?")
	return trustvault.Organization{}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(value T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return value
	}
}
