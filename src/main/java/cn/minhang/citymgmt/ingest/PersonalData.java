package cn.minhang.citymgmt.ingest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Keeps personal data out of every output: keyed hashes for counting, masks for display. */
public final class PersonalData {
    public static final String MASK = "***";

    /** Mainland mobile numbers and landlines with an area code, wherever they stand in a text. */
    private static final Pattern PHONE_LIKE = Pattern.compile("(?<!\\d)(?:\\+?86[- ]?)?(?:1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8})(?!\\d)");

    private PersonalData() {
    }

    /**
     * HMAC-SHA-256 of the normalised phone number, so repeat callers can be counted without
     * anyone reading the number back. Null when the number is empty.
     */
    public static String keyedPhoneHash(String secret, String phone) {
        return new Hasher(secret).keyedPhoneHash(phone);
    }

    /** One initialised HMAC for many numbers: the ingest hashes every caller of a task with one. */
    public static final class Hasher {
        private final Mac mac;

        public Hasher(String secret) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        }

        public String keyedPhoneHash(String phone) {
            String normalised = normalisePhone(phone);
            return normalised == null ? null : HexFormat.of().formatHex(mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Digits only, without the country code: "+86 138-0013-8000" and "13800138000" are one caller. */
    static String normalisePhone(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("\\D", "");
        if (digits.startsWith("0086")) {
            digits = digits.substring(4);
        } else if (digits.startsWith("86") && digits.length() == 13) {
            digits = digits.substring(2);
        }
        return digits.isEmpty() ? null : digits;
    }

    /** Replaces anything that looks like a phone number, for free text that may hide one. */
    public static String maskPhones(String text) {
        return text == null || !hasSevenDigitsInARow(text) ? text : PHONE_LIKE.matcher(text).replaceAll(MASK);
    }

    /**
     * Every number {@link #PHONE_LIKE} matches holds at least seven digits in a row (a mobile number eleven, a
     * landline's subscriber part seven or eight), so a text without such a run cannot hold one. Most lines have
     * none, and the pattern run on every line was the largest single cost of reading deliveries
     * (docs/benchmarks.md, profile of the city run).
     */
    private static boolean hasSevenDigitsInARow(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            run = c >= '0' && c <= '9' ? run + 1 : 0;
            if (run == 7) {
                return true;
            }
        }
        return false;
    }
}
