import json
import unittest

from trustvault import PaillierKeyPair, PaillierPublicKey, TrustVaultClient

from .stub import ScriptedTransport, ok

# 512 bits keeps key generation quick; the arithmetic is the same at 2048.
KEYS = PaillierKeyPair.generate(512)


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

    def test_sends_the_privacy_apis_encrypted_sum_as_decimal_strings_and_reads_the_answer_back(self) -> None:
        c1, c2 = KEYS.encrypt(2), KEYS.encrypt(3)
        transport = ScriptedTransport(ok({"ciphertext": str(KEYS.public_key.add(c1, c2)), "count": 2}))
        client = TrustVaultClient("http://trustvault.test", api_key="tv_live_x_y", transport=transport)

        total = client.paillier_sum(KEYS.public_key, [c1, c2])

        self.assertEqual(KEYS.decrypt(total), 5)
        self.assertEqual(transport.requests[0].url, "http://trustvault.test/gw/privacy-analytics/v1/paillier/sum")
        self.assertEqual(
            json.loads(transport.requests[0].body or b""),
            {"publicKey": {"n": str(KEYS.public_key.n)}, "ciphertexts": [str(c1), str(c2)]},
        )
