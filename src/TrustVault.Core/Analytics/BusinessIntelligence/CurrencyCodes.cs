namespace TrustVault.Core.Analytics.BusinessIntelligence;

/// <summary>
/// ISO 4217 currency codes: those in use, and those withdrawn since 2000 that historic revenue may still be in
/// (HRK, VEF, …). XTS (testing) and XXX (no currency) name no money and are left out.
/// </summary>
public static class CurrencyCodes
{
    private static readonly HashSet<string> Known = new(
        """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF
        CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
        GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR
        LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK
        PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT
        TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG
        XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG ZWL
        ADP ATS AZM BEF BGL BYR CSD CYP DEM EEK ESP FIM FRF GHC GRD HRK IEP ITL LTL LUF LVL MGF MRO MTL MZM NLG PTE ROL
        SDD SIT SKK SRG STD TMM TRL VEB VEF XFO XFU YUM ZMK ZWD ZWN ZWR
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.OrdinalIgnoreCase);

    public static bool IsKnown(string code) => Known.Contains(code);
}
