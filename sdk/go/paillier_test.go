package trustvault_test

import (
	"context"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"

	"trustvault"
)

func bigInt(t *testing.T, decimal string) *big.Int {
	t.Helper()
	value, ok := new(big.Int).SetString(decimal, 10)
	if !ok {
		t.Fatalf("%q is not a decimal number", decimal)
	}
	return value
}

// generated makes a 512-bit key pair: quick to generate; the arithmetic is the same at 2048.
func generated(t *testing.T) *trustvault.PaillierKeyPair {
	t.Helper()
	keys, err := trustvault.GeneratePaillierKeyPair(512)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func encrypt(t *testing.T, encrypt func(*big.Int) (*big.Int, error), value int64) *big.Int {
	t.Helper()
	ciphertext, err := encrypt(big.NewInt(value))
	if err != nil {
		t.Fatal(err)
	}
	return ciphertext
}

func decrypt(t *testing.T, keys *trustvault.PaillierKeyPair, ciphertext *big.Int) *big.Int {
	t.Helper()
	plaintext, err := keys.Decrypt(ciphertext)
	if err != nil {
		t.Fatal(err)
	}
	return plaintext
}

func TestPaillierDecryptsAKnownVector(t *testing.T) {
	// p = 2⁶⁴ − 59, q = 2⁶⁴ − 83, r = 123456789; c = (1 + m·n)·rⁿ mod n², computed independently of this SDK.
	keys, err := trustvault.NewPaillierKeyPair(bigInt(t, "18446744073709551557"), bigInt(t, "18446744073709551533"))
	if err != nil {
		t.Fatal(err)
	}
	vectors := map[int64]string{
		42:   "34784686208829151519554994446395177593265734596204670709241952588526792202577",
		-300: "52919873050390545938759878253598247956505307357326203813391616252709735856730",
	}

	if got := keys.PublicKey.N.String(); got != "340282366920938460843936948965011886881" {
		t.Errorf("n = %s", got)
	}
	for plaintext, ciphertext := range vectors {
		if got := decrypt(t, keys, bigInt(t, ciphertext)); got.Int64() != plaintext {
			t.Errorf("decrypted %d, want %d", got, plaintext)
		}
	}

	// The compact encoding of n, of the 42 vector and of the two vectors' sum, computed with Python's integers.
	sum := keys.PublicKey.Add(bigInt(t, vectors[42]), bigInt(t, vectors[-300]))
	for value, want := range map[*big.Int]string{
		keys.PublicKey.N:       "/////////3IAAAAAAAATIQ==",
		bigInt(t, vectors[42]): "TOdvSFrvDKAWztN/0seg/979OOv62xpAOviG5zjT2VE=",
		sum:                    "UEwYjtjIluM+DIpzDzROZojKU1unKNI/pK0Z+rcHdtI=",
	} {
		if got := trustvault.ToBase64(value); got != want {
			t.Errorf("wrote %s as %s, want %s", value, got, want)
		}
	}
	read, err := trustvault.FromBase64("UEwYjtjIluM+DIpzDzROZojKU1unKNI/pK0Z+rcHdtI=")
	if err != nil || decrypt(t, keys, read).Int64() != -258 {
		t.Errorf("read the sum back as %v, %v", read, err)
	}
	if _, err := trustvault.FromBase64("not base64!"); err == nil {
		t.Error("read text that is not base64")
	}
}

func TestPaillierPoolHandsOutEachRandomizerOnceAndComputesMoreWhenEmpty(t *testing.T) {
	keys := generated(t)

	for name, pool := range map[string]*trustvault.PaillierRandomizerPool{
		"key pair":   keys.RandomizerPool(),
		"public key": trustvault.NewPaillierRandomizerPool(keys.PublicKey),
	} {
		if err := pool.Fill(2); err != nil || pool.Available() != 2 {
			t.Fatalf("%s: filled %d, %v", name, pool.Available(), err)
		}
		total := big.NewInt(1)
		seen := map[string]bool{}
		for i := 0; i < 3; i++ {
			ciphertext := encrypt(t, pool.Encrypt, 5)
			seen[ciphertext.String()] = true
			total = keys.PublicKey.Add(total, ciphertext)
		}
		if pool.Available() != 0 || len(seen) != 3 {
			t.Errorf("%s: %d left, %d distinct ciphertexts", name, pool.Available(), len(seen))
		}
		if got := decrypt(t, keys, total); got.Int64() != 15 {
			t.Errorf("%s: decrypted the sum as %d", name, got)
		}
	}
}

func TestPaillierDecryptsWhatEitherKeyEncryptedNegativeValuesIncluded(t *testing.T) {
	keys := generated(t)

	for _, value := range []int64{0, 1, 42, -300, 7_000_000_000} {
		if got := decrypt(t, keys, encrypt(t, keys.Encrypt, value)); got.Int64() != value {
			t.Errorf("key pair: decrypted %d, want %d", got, value)
		}
		if got := decrypt(t, keys, encrypt(t, keys.PublicKey.Encrypt, value)); got.Int64() != value {
			t.Errorf("public key: decrypted %d, want %d", got, value)
		}
	}
}

func TestPaillierEncryptsTheSameValueDifferentlyEachTime(t *testing.T) {
	keys := generated(t)

	if encrypt(t, keys.Encrypt, 5).Cmp(encrypt(t, keys.Encrypt, 5)) == 0 {
		t.Error("the key pair encrypted 5 to the same ciphertext twice")
	}
	if encrypt(t, keys.PublicKey.Encrypt, 5).Cmp(encrypt(t, keys.PublicKey.Encrypt, 5)) == 0 {
		t.Error("the public key encrypted 5 to the same ciphertext twice")
	}
}

func TestPaillierAddsPlaintextsByMultiplyingCiphertexts(t *testing.T) {
	keys := generated(t)
	values := []int64{1_250, -300, 7_000_000_000, 0, 42}

	total := encrypt(t, keys.PublicKey.Encrypt, values[0])
	for _, value := range values[1:] {
		total = keys.PublicKey.Add(total, encrypt(t, keys.PublicKey.Encrypt, value))
	}

	if got := decrypt(t, keys, total); got.Int64() != 7_000_000_992 {
		t.Errorf("decrypted the sum as %d", got)
	}
}

func TestPaillierMakesModuliOfTheRequestedSizeAndRefusesOthers(t *testing.T) {
	if bits := generated(t).PublicKey.N.BitLen(); bits != 512 {
		t.Errorf("n has %d bits", bits)
	}
	for _, bits := range []int{62, 513, 8194} {
		if _, err := trustvault.GeneratePaillierKeyPair(bits); err == nil {
			t.Errorf("generated a %d-bit key", bits)
		}
	}
}

func TestPaillierRefusesACiphertextOutsideTheKeysRange(t *testing.T) {
	keys := generated(t)

	for _, ciphertext := range []*big.Int{big.NewInt(0), keys.PublicKey.NSquared, keys.PublicKey.N} {
		if _, err := keys.Decrypt(ciphertext); err == nil {
			t.Errorf("decrypted %s", ciphertext)
		}
	}
}

func TestPaillierReadsAPublicKeyFromDecimalDigitsAndRefusesAnythingElse(t *testing.T) {
	keys := generated(t)

	parsed, err := trustvault.ParsePaillierPublicKey(keys.PublicKey.N.String())
	if err != nil || parsed.N.Cmp(keys.PublicKey.N) != 0 {
		t.Errorf("read %v, %v", parsed, err)
	}
	for _, n := range []string{"0x1f", "-15", "", "10"} {
		if _, err := trustvault.ParsePaillierPublicKey(n); err == nil {
			t.Errorf("read %q as a modulus", n)
		}
	}
	if _, err := trustvault.NewPaillierKeyPair(big.NewInt(15), big.NewInt(7)); err == nil {
		t.Error("made a key pair of a prime and a composite")
	}
}

func TestPaillierSumSendsTheCiphertextsInBase64AndReadsTheAnswerBack(t *testing.T) {
	keys := generated(t)
	c1, c2 := encrypt(t, keys.Encrypt, 2), encrypt(t, keys.Encrypt, 3)
	var path, apiKey string
	var sent struct {
		PublicKey   struct{ N string }
		Ciphertexts []string
		Encoding    string
	}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path, apiKey = r.URL.Path, r.Header.Get(trustvault.APIKeyHeader)
		if err := json.NewDecoder(r.Body).Decode(&sent); err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"ciphertext": trustvault.ToBase64(keys.PublicKey.Add(c1, c2)), "count": 2})
	}))
	defer server.Close()
	client, err := trustvault.NewClient(server.URL, trustvault.Options{APIKey: "tv_live_x_y"})
	if err != nil {
		t.Fatal(err)
	}

	total, err := client.PaillierSum(context.Background(), keys.PublicKey, []*big.Int{c1, c2})

	if err != nil {
		t.Fatal(err)
	}
	if got := decrypt(t, keys, total); got.Int64() != 5 {
		t.Errorf("decrypted the sum as %d", got)
	}
	if path != "/gw/privacy-analytics/v1/paillier/sum" || apiKey != "tv_live_x_y" {
		t.Errorf("sent to %s with key %q", path, apiKey)
	}
	if sent.Encoding != "base64" || sent.PublicKey.N != trustvault.ToBase64(keys.PublicKey.N) || len(sent.Ciphertexts) != 2 ||
		sent.Ciphertexts[0] != trustvault.ToBase64(c1) || sent.Ciphertexts[1] != trustvault.ToBase64(c2) {
		t.Errorf("sent %+v", sent)
	}
}
