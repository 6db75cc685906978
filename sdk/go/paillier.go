package trustvault

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"math/big"
	"regexp"
	"sync"
)

// Paillier, "Public-Key Cryptosystems Based on Composite Degree Residuosity Classes", EUROCRYPT 1999, with g = n + 1,
// the form the privacy API expects.

var (
	one           = big.NewInt(1)
	decimalDigits = regexp.MustCompile(`^[0-9]+$`)
)

// PaillierPublicKey encrypts values and adds ciphertexts. Encrypt values with it, send the ciphertexts to
// Client.PaillierSum, and decrypt the sum with the PaillierKeyPair.
type PaillierPublicKey struct {
	N        *big.Int
	NSquared *big.Int
}

// NewPaillierPublicKey returns the public key of modulus n, an odd product of two primes.
func NewPaillierPublicKey(n *big.Int) (*PaillierPublicKey, error) {
	if n.Cmp(big.NewInt(3)) < 0 || n.Bit(0) == 0 {
		return nil, errors.New("trustvault: a Paillier modulus is an odd product of two primes")
	}
	return &PaillierPublicKey{N: new(big.Int).Set(n), NSquared: new(big.Int).Mul(n, n)}, nil
}

// ParsePaillierPublicKey reads n as the privacy API writes it: decimal digits.
func ParsePaillierPublicKey(n string) (*PaillierPublicKey, error) {
	if !decimalDigits.MatchString(n) {
		return nil, errors.New("trustvault: n is written as decimal digits")
	}
	modulus, _ := new(big.Int).SetString(n, 10)
	return NewPaillierPublicKey(modulus)
}

// Encrypt returns g^m·rⁿ mod n² for a fresh random r; negative values wrap modulo n and decrypt back to negative.
func (k *PaillierPublicKey) Encrypt(message *big.Int) (*big.Int, error) {
	randomizer, err := k.randomizer()
	if err != nil {
		return nil, err
	}
	return k.encryptWith(message, randomizer), nil
}

// randomizer returns a fresh rⁿ mod n² for a uniform r in Z*_n: the costly half of an encryption, which a
// PaillierRandomizerPool computes ahead of time.
func (k *PaillierPublicKey) randomizer() (*big.Int, error) {
	r, err := randomBelow(k.N, func(r *big.Int) bool { return r.Cmp(one) > 0 && new(big.Int).GCD(nil, nil, r, k.N).Cmp(one) == 0 })
	if err != nil {
		return nil, err
	}
	return r.Exp(r, k.N, k.NSquared), nil
}

// Add returns the ciphertext of the sum of two ciphertexts' plaintexts, as the server computes it.
func (k *PaillierPublicKey) Add(a, b *big.Int) *big.Int {
	sum := new(big.Int).Mul(a, b)
	return sum.Mod(sum, k.NSquared)
}

// encryptWith returns g^m·randomizer mod n² for a randomizer rⁿ mod n² that must never be used twice.
func (k *PaillierPublicKey) encryptWith(message, randomizer *big.Int) *big.Int {
	m := new(big.Int).Mod(message, k.N)
	// g^m = (1 + n)^m = 1 + m·n (mod n²), by the binomial theorem: no exponentiation needed.
	c := m.Mul(m, k.N)
	c.Add(c, one)
	c.Mul(c, randomizer)
	return c.Mod(c, k.NSquared)
}

func (k *PaillierPublicKey) isCiphertext(c *big.Int) bool {
	return c.Sign() > 0 && c.Cmp(k.NSquared) < 0 && new(big.Int).GCD(nil, nil, c, k.N).Cmp(one) == 0
}

// PaillierKeyPair is the private key. Holding the primes p and q, it decrypts and draws encryption randomizers with
// the Chinese remainder theorem (Paillier 1999, §7), about four times faster than working modulo n².
type PaillierKeyPair struct {
	PublicKey *PaillierPublicKey

	p, q, pSquared, qSquared   *big.Int
	hp, hq                     *big.Int
	qInverseModP               *big.Int
	pSquaredInverseModQSquared *big.Int
}

// GeneratePaillierKeyPair returns a fresh key pair whose n has bits bits: 2048 for real use; the privacy API accepts
// 1024 to 4096.
func GeneratePaillierKeyPair(bits int) (*PaillierKeyPair, error) {
	if bits < 64 || bits > 8192 || bits%2 != 0 {
		return nil, errors.New("trustvault: choose an even size from 64 to 8192 bits (2048 for real use)")
	}
	for {
		// rand.Prime sets each prime's top two bits, so p·q has exactly bits bits.
		p, err := rand.Prime(rand.Reader, bits/2)
		if err != nil {
			return nil, err
		}
		q, err := rand.Prime(rand.Reader, bits/2)
		if err != nil {
			return nil, err
		}
		if keys, err := NewPaillierKeyPair(p, q); err == nil {
			return keys, nil
		}
	}
}

// NewPaillierKeyPair returns the key pair of the distinct primes p and q, with gcd(pq, (p−1)(q−1)) = 1.
func NewPaillierKeyPair(p, q *big.Int) (*PaillierKeyPair, error) {
	pMinus1, qMinus1 := new(big.Int).Sub(p, one), new(big.Int).Sub(q, one)
	n := new(big.Int).Mul(p, q)
	if p.Cmp(q) == 0 || !p.ProbablyPrime(20) || !q.ProbablyPrime(20) ||
		new(big.Int).GCD(nil, nil, n, new(big.Int).Mul(pMinus1, qMinus1)).Cmp(one) != 0 {
		return nil, errors.New("trustvault: p and q must be distinct odd primes with gcd(pq, (p−1)(q−1)) = 1")
	}
	publicKey, err := NewPaillierPublicKey(n)
	if err != nil {
		return nil, err
	}
	keys := &PaillierKeyPair{
		PublicKey: publicKey,
		p:         new(big.Int).Set(p),
		q:         new(big.Int).Set(q),
		pSquared:  new(big.Int).Mul(p, p),
		qSquared:  new(big.Int).Mul(q, q),
	}
	g := new(big.Int).Add(n, one)
	keys.hp = new(big.Int).ModInverse(l(new(big.Int).Exp(g, pMinus1, keys.pSquared), p), p)
	keys.hq = new(big.Int).ModInverse(l(new(big.Int).Exp(g, qMinus1, keys.qSquared), q), q)
	keys.qInverseModP = new(big.Int).ModInverse(q, p)
	keys.pSquaredInverseModQSquared = new(big.Int).ModInverse(keys.pSquared, keys.qSquared)
	return keys, nil
}

// Encrypt encrypts with the private key's shortcut for rⁿ; the ciphertext is distributed as a public-key one.
func (k *PaillierKeyPair) Encrypt(message *big.Int) (*big.Int, error) {
	randomizer, err := k.randomizer()
	if err != nil {
		return nil, err
	}
	return k.PublicKey.encryptWith(message, randomizer), nil
}

// Decrypt returns the plaintext in (−n/2, n/2], so encrypted negative numbers come back negative.
func (k *PaillierKeyPair) Decrypt(ciphertext *big.Int) (*big.Int, error) {
	if !k.PublicKey.isCiphertext(ciphertext) {
		return nil, errors.New("trustvault: not a ciphertext of this key")
	}
	mp := k.half(ciphertext, k.p, k.pSquared, k.hp)
	mq := k.half(ciphertext, k.q, k.qSquared, k.hq)
	// Garner: m ≡ mp (mod p), m ≡ mq (mod q).
	m := mp.Sub(mp, mq)
	m.Mul(m, k.qInverseModP).Mod(m, k.p)
	m.Mul(m, k.q).Add(m, mq)
	if m.Cmp(new(big.Int).Rsh(k.PublicKey.N, 1)) > 0 {
		m.Sub(m, k.PublicKey.N)
	}
	return m, nil
}

// half is L(c^(p−1) mod p²)·hp mod p: the plaintext modulo one prime.
func (k *PaillierKeyPair) half(c, prime, primeSquared, h *big.Int) *big.Int {
	x := new(big.Int).Exp(c, new(big.Int).Sub(prime, one), primeSquared)
	x = l(x, prime)
	x.Mul(x, h)
	return x.Mod(x, prime)
}

// randomizer returns a uniformly random n-th residue mod n², as rⁿ for a uniform r ∈ Z*_n. By the Chinese remainder
// theorem Z*_{n²} ≅ Z*_{p²} × Z*_{q²}, and the n-th residues mod p² are exactly {x^p mod p² : x ∈ Z*_p}; so one
// uniform x mod p and one y mod q, raised to p and q modulo p² and q², replace rⁿ modulo n² (as Core's PaillierKeyPair).
func (k *PaillierKeyPair) randomizer() (*big.Int, error) {
	nonZero := func(r *big.Int) bool { return r.Sign() > 0 }
	x, err := randomBelow(k.p, nonZero)
	if err != nil {
		return nil, err
	}
	y, err := randomBelow(k.q, nonZero)
	if err != nil {
		return nil, err
	}
	residueModP := x.Exp(x, k.p, k.pSquared)
	residueModQ := y.Exp(y, k.q, k.qSquared)
	// Garner: s ≡ residueModP (mod p²), s ≡ residueModQ (mod q²).
	lift := residueModQ.Sub(residueModQ, residueModP)
	lift.Mul(lift, k.pSquaredInverseModQSquared).Mod(lift, k.qSquared)
	return lift.Mul(lift, k.pSquared).Add(lift, residueModP), nil
}

// l is Paillier's L(x) = (x − 1) / divisor.
func l(x, divisor *big.Int) *big.Int {
	quotient := new(big.Int).Sub(x, one)
	return quotient.Quo(quotient, divisor)
}

// randomBelow draws uniformly from [0, bound) until accept takes the value.
func randomBelow(bound *big.Int, accept func(*big.Int) bool) (*big.Int, error) {
	for {
		r, err := rand.Int(rand.Reader, bound)
		if err != nil {
			return nil, err
		}
		if accept(r) {
			return r, nil
		}
	}
}

// PaillierRandomizerPool does offline/online encryption: the randomizers rⁿ mod n² do not depend on the message, so Fill
// computes them ahead of time (e.g. on a goroutine while idle) and an encryption then costs one multiplication mod n².
// Each randomizer is handed out once; when the pool is empty a fresh one is computed on the spot. Safe for concurrent use.
type PaillierRandomizerPool struct {
	publicKey   *PaillierPublicKey
	next        func() (*big.Int, error)
	mu          sync.Mutex
	randomizers []*big.Int
}

// NewPaillierRandomizerPool returns an empty pool for someone with the public key only: each randomizer is rⁿ mod n².
func NewPaillierRandomizerPool(publicKey *PaillierPublicKey) *PaillierRandomizerPool {
	return &PaillierRandomizerPool{publicKey: publicKey, next: publicKey.randomizer}
}

// RandomizerPool returns an empty pool that the key pair fills by the faster CRT route.
func (k *PaillierKeyPair) RandomizerPool() *PaillierRandomizerPool {
	return &PaillierRandomizerPool{publicKey: k.PublicKey, next: k.randomizer}
}

// Fill computes count randomizers now, for encryptions later.
func (p *PaillierRandomizerPool) Fill(count int) error {
	for i := 0; i < count; i++ {
		randomizer, err := p.next()
		if err != nil {
			return err
		}
		p.mu.Lock()
		p.randomizers = append(p.randomizers, randomizer)
		p.mu.Unlock()
	}
	return nil
}

// Available is the number of randomizers computed and not yet used.
func (p *PaillierRandomizerPool) Available() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.randomizers)
}

// Encrypt encrypts with a precomputed randomizer, or a fresh one when the pool is empty.
func (p *PaillierRandomizerPool) Encrypt(message *big.Int) (*big.Int, error) {
	p.mu.Lock()
	var randomizer *big.Int
	if last := len(p.randomizers) - 1; last >= 0 {
		randomizer, p.randomizers = p.randomizers[last], p.randomizers[:last]
	}
	p.mu.Unlock()
	if randomizer == nil {
		var err error
		if randomizer, err = p.next(); err != nil {
			return nil, err
		}
	}
	return p.publicKey.encryptWith(message, randomizer), nil
}

// ToBase64 writes a non-negative number in the privacy API's compact form: base64 of its big-endian unsigned bytes.
func ToBase64(value *big.Int) string {
	bytes := value.Bytes()
	if len(bytes) == 0 {
		bytes = []byte{0}
	}
	return base64.StdEncoding.EncodeToString(bytes)
}

// FromBase64 reads a number written by ToBase64 (or by the privacy API with "encoding": "base64").
func FromBase64(text string) (*big.Int, error) {
	bytes, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, errors.New("trustvault: not base64 of a number's bytes")
	}
	return new(big.Int).SetBytes(bytes), nil
}
