package cn.minhang.citymgmt.ingest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PersonalDataTest {
    @Test
    void oneCallerWrittenThreeWaysIsOneKey() {
        String k = PersonalData.keyedPhoneHash("secret-secret-secret", "13800138000");
        assertEquals(k, PersonalData.keyedPhoneHash("secret-secret-secret", "+86 138-0013-8000"));
        assertEquals(k, PersonalData.keyedPhoneHash("secret-secret-secret", "0086 13800138000"));
        assertEquals(64, k.length());
    }

    @Test
    void theKeyMatters() {
        assertNotEquals(PersonalData.keyedPhoneHash("secret-secret-one", "13800138000"),
                PersonalData.keyedPhoneHash("secret-secret-two", "13800138000"));
    }

    @Test
    void emptyPhoneHasNoKey() {
        assertNull(PersonalData.keyedPhoneHash("secret-secret-secret", " - "));
        assertNull(PersonalData.keyedPhoneHash("secret-secret-secret", null));
    }

    @Test
    void phoneNumbersInFreeTextAreMasked() {
        assertEquals("call *** or ***, ref 2023001", PersonalData.maskPhones("call 13912345678 or 021-64123456, ref 2023001"));
    }

    @Test
    void everyShapeOfNumberIsMaskedAndTextWithoutSevenDigitsInARowIsLeftAsIs() {
        assertEquals("landline *** end", PersonalData.maskPhones("landline 0216412345 end"));
        assertEquals("landline ***", PersonalData.maskPhones("landline 021-6412345"));
        assertEquals("intl ***", PersonalData.maskPhones("intl +86 13912345678"));
        assertEquals("联系***谢谢", PersonalData.maskPhones("联系13912345678谢谢"));
        assertEquals("2023-01-01 05:05:29,dry,8.42,沪AC9402,123456", PersonalData.maskPhones("2023-01-01 05:05:29,dry,8.42,沪AC9402,123456"));
        assertEquals("id 1234567 is no phone", PersonalData.maskPhones("id 1234567 is no phone"));
        assertEquals(null, PersonalData.maskPhones(null));
    }
}
