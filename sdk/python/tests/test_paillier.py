import json
import unittest

from trustvault import PaillierKeyPair, PaillierPublicKey, PaillierRandomizerPool, TrustVaultClient, from_base64, to_base64

from .stub import ScriptedTransport, ok

# 512 bits keeps key generation quick; the arithmetic is the same at 2048.
KEYS = PaillierKeyPair.generate(512)

# p = 2⁶⁴ − 59, q = 2⁶⁴ − 83, r = 123456789: c = (1 + m·n)·rⁿ mod n² and its base64, computed with Python's own
# integers independently of this SDK (the Go and TypeScript SDKs' tests share these vectors).
VECTOR_P, VECTOR_Q = 18446744073709551557, 18446744073709551533
VECTOR_N_BASE64 = "/////////3IAAAAAAAATIQ=="
VECTOR_42 = 34784686208829151519554994446395177593265734596204670709241952588526792202577
VECTOR_42_BASE64 = "TOdvSFrvDKAWztN/0seg/979OOv62xpAOviG5zjT2VE="
VECTOR_MINUS_300 = 52919873050390545938759878253598247956505307357326203813391616252709735856730
VECTOR_SUM_BASE64 = "UEwYjtjIluM+DIpzDzROZojKU1unKNI/pK0Z+rcHdtI="


class PaillierTests(unittest.TestCase):
    def test_decrypts_what_it_encrypted_negative_values_included(self) -> None:
        for value in [0, 1, 42, -300, 7_000_000_000]:
            self.assertEqual(KEYS.decrypt(KEYS.encrypt(value)), value)

    def test_encrypts_the_same_value_differently_each_time(self) -> None:
        self.assertNotEqual(KEYS.encrypt(5), KEYS.encrypt(5))

    def test_adds_plaintexts_by_multiplying_ciphertexts(self) -> None:
        values = [1_250, -300, 7_000_000_000, 0, 42]

        total = KEYS.public_key.encrypt(values[0])
        for value in values[1:]:
            total = KEYS.public_key.add(total, KEYS.public_key.encrypt(value))

        self.assertEqual(KEYS.decrypt(total), sum(values))

    def test_makes_moduli_of_the_requested_size(self) -> None:
        self.assertEqual(KEYS.public_key.n.bit_length(), 512)

    def test_refuses_a_ciphertext_outside_the_keys_range(self) -> None:
        self.assertRaises(ValueError, KEYS.decrypt, 0)
        self.assertRaises(ValueError, KEYS.decrypt, KEYS.public_key.n_squared)

    def test_reads_a_public_key_from_decimal_digits_and_refuses_anything_else(self) -> None:
        self.assertEqual(PaillierPublicKey.from_decimal_string(str(KEYS.public_key.n)).n, KEYS.public_key.n)
        self.assertRaises(ValueError, PaillierPublicKey.from_decimal_string, "0x1f")
        self.assertRaises(ValueError, PaillierPublicKey, 10)

    def test_decrypts_independently_computed_vectors_and_writes_them_in_the_compact_encoding(self) -> None:
        keys = PaillierKeyPair(VECTOR_P, VECTOR_Q)

        self.assertEqual(keys.decrypt(VECTOR_42), 42)
        self.assertEqual(keys.decrypt(VECTOR_MINUS_300), -300)
        self.assertEqual(to_base64(keys.public_key.n), VECTOR_N_BASE64)
        self.assertEqual(to_base64(VECTOR_42), VECTOR_42_BASE64)
        self.assertEqual(from_base64(VECTOR_42_BASE64), VECTOR_42)
        self.assertEqual(to_base64(keys.public_key.add(VECTOR_42, VECTOR_MINUS_300)), VECTOR_SUM_BASE64)
        self.assertEqual(keys.decrypt(from_base64(VECTOR_SUM_BASE64)), -258)
        self.assertRaises(ValueError, from_base64, "not base64!")

    def test_the_key_pairs_crt_encryption_and_the_public_keys_decrypt_alike(self) -> None:
        for value in [0, 42, -300]:
            self.assertEqual(KEYS.decrypt(KEYS.encrypt(value)), value)
            self.assertEqual(KEYS.decrypt(KEYS.public_key.encrypt(value)), value)
        # Decryption gives m back only when c·g⁻ᵐ is an n-th residue, so this also checks the CRT randomizer is one.
        self.assertEqual(KEYS.decrypt(KEYS.public_key.encrypt_with(7, KEYS.randomizer())), 7)

    def test_a_filled_pool_hands_out_each_randomizer_once_and_computes_more_when_empty(self) -> None:
        for pool in [PaillierRandomizerPool(KEYS), PaillierRandomizerPool(KEYS.public_key)]:
            pool.fill(2)
            self.assertEqual(pool.available, 2)

            ciphertexts = [pool.encrypt(v) for v in [5, 5, 5]]

            self.assertEqual(pool.available, 0)
            self.assertEqual(len(set(ciphertexts)), 3)
            self.assertEqual(KEYS.decrypt(ciphertexts[0] * ciphertexts[1] * ciphertexts[2] % KEYS.public_key.n_squared), 15)

    def test_sends_the_privacy_apis_encrypted_sum_in_base64_and_reads_the_answer_back(self) -> None:
        c1, c2 = KEYS.encrypt(2), KEYS.encrypt(3)
        transport = ScriptedTransport(ok({"ciphertext": to_base64(KEYS.public_key.add(c1, c2)), "count": 2}))
        client = TrustVaultClient("http://trustvault.test", api_key="tv_live_x_y", transport=transport)

        total = client.paillier_sum(KEYS.public_key, [c1, c2])

        self.assertEqual(KEYS.decrypt(total), 5)
        self.assertEqual(transport.requests[0].url, "http://trustvault.test/gw/privacy-analytics/v1/paillier/sum")
        self.assertEqual(
            json.loads(transport.requests[0].body or b""),
            {"publicKey": {"n": to_base64(KEYS.public_key.n)}, "ciphertexts": [to_base64(c1), to_base64(c2)], "encoding": "base64"},
        )
