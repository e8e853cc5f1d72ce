namespace Comerix.Crm.Identity.Normalization;

/// <summary>How numbers are dialled in one ISO 3166-1 region: what <see cref="PhoneNumberNormalizer"/> needs.</summary>
internal sealed class DiallingRegion
{
    public DiallingRegion(string code, int callingCode, string trunkPrefix, string[] internationalPrefixes)
    {
        Code = code;
        CallingCode = callingCode;
        CallingCodeDigits = callingCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        TrunkPrefix = trunkPrefix;
        InternationalPrefixes = internationalPrefixes;
    }

    /// <summary>Upper-case ISO 3166-1 alpha-2 code, e.g. "DE".</summary>
    public string Code { get; }

    public int CallingCode { get; }

    /// <summary>The calling code as text, kept so the hot path can copy it instead of formatting it.</summary>
    public string CallingCodeDigits { get; }

    /// <summary>Digits dialled before a national number inside the region ("0" in DE, "1" in NANP); empty if none.</summary>
    public string TrunkPrefix { get; }

    /// <summary>Digits dialled inside the region before a foreign calling code ("00", "011", ...).</summary>
    public string[] InternationalPrefixes { get; }
}

/// <summary>
/// ITU-T E.164 country calling codes, the regions that use them, and the few per-region dialling rules the
/// normaliser applies. Lookups by calling code are array indexes, so the hot path does no hashing.
/// </summary>
internal static class CallingCodes
{
    // Every assigned country calling code (ITU-T E.164 list) with the ISO 3166-1 regions dialled through it,
    // the main region first: its trunk prefix is used when a number arrives with that code. Codes without a
    // region are global services (freephone, satellite, international networks). Calling codes are prefix-free,
    // so at most one of a number's first 1, 2 or 3 digits can match. Kept in this order to be easy to audit.
    private static readonly (int Code, string Regions)[] _assignedCodes =
    [
        (1, "US CA AG AI AS BB BM BS DM DO GD GU JM KN KY LC MP MS PR SX TC TT VC VG VI"),
        (7, "RU KZ"),
        (20, "EG"), (211, "SS"), (212, "MA EH"), (213, "DZ"), (216, "TN"), (218, "LY"),
        (220, "GM"), (221, "SN"), (222, "MR"), (223, "ML"), (224, "GN"), (225, "CI"), (226, "BF"),
        (227, "NE"), (228, "TG"), (229, "BJ"), (230, "MU"), (231, "LR"), (232, "SL"), (233, "GH"),
        (234, "NG"), (235, "TD"), (236, "CF"), (237, "CM"), (238, "CV"), (239, "ST"), (240, "GQ"),
        (241, "GA"), (242, "CG"), (243, "CD"), (244, "AO"), (245, "GW"), (246, "IO"), (247, "AC"),
        (248, "SC"), (249, "SD"), (250, "RW"), (251, "ET"), (252, "SO"), (253, "DJ"), (254, "KE"),
        (255, "TZ"), (256, "UG"), (257, "BI"), (258, "MZ"), (260, "ZM"), (261, "MG"), (262, "RE YT"),
        (263, "ZW"), (264, "NA"), (265, "MW"), (266, "LS"), (267, "BW"), (268, "SZ"), (269, "KM"),
        (27, "ZA"), (290, "SH TA"), (291, "ER"), (297, "AW"), (298, "FO"), (299, "GL"),
        (30, "GR"), (31, "NL"), (32, "BE"), (33, "FR"), (34, "ES"), (350, "GI"), (351, "PT"),
        (352, "LU"), (353, "IE"), (354, "IS"), (355, "AL"), (356, "MT"), (357, "CY"), (358, "FI AX"),
        (359, "BG"), (36, "HU"), (370, "LT"), (371, "LV"), (372, "EE"), (373, "MD"), (374, "AM"),
        (375, "BY"), (376, "AD"), (377, "MC"), (378, "SM"),
        (379, ""), // assigned to Vatican City but not in service: VA is dialled through +39
        (380, "UA"), (381, "RS"), (382, "ME"), (383, "XK"), (385, "HR"), (386, "SI"), (387, "BA"),
        (389, "MK"), (39, "IT VA"),
        (40, "RO"), (41, "CH"), (420, "CZ"), (421, "SK"), (423, "LI"), (43, "AT"), (44, "GB GG IM JE"),
        (45, "DK"), (46, "SE"), (47, "NO SJ"), (48, "PL"), (49, "DE"),
        (500, "FK"), (501, "BZ"), (502, "GT"), (503, "SV"), (504, "HN"), (505, "NI"), (506, "CR"),
        (507, "PA"), (508, "PM"), (509, "HT"), (51, "PE"), (52, "MX"), (53, "CU"), (54, "AR"),
        (55, "BR"), (56, "CL"), (57, "CO"), (58, "VE"), (590, "GP BL MF"), (591, "BO"), (592, "GY"),
        (593, "EC"), (594, "GF"), (595, "PY"), (596, "MQ"), (597, "SR"), (598, "UY"), (599, "CW BQ"),
        (60, "MY"), (61, "AU CC CX"), (62, "ID"), (63, "PH"), (64, "NZ"), (65, "SG"), (66, "TH"),
        (670, "TL"), (672, "NF"), (673, "BN"), (674, "NR"), (675, "PG"), (676, "TO"), (677, "SB"),
        (678, "VU"), (679, "FJ"), (680, "PW"), (681, "WF"), (682, "CK"), (683, "NU"), (685, "WS"),
        (686, "KI"), (687, "NC"), (688, "TV"), (689, "PF"), (690, "TK"), (691, "FM"), (692, "MH"),
        (800, ""), // international freephone
        (808, ""), // international shared cost
        (81, "JP"), (82, "KR"), (84, "VN"), (850, "KP"), (852, "HK"), (853, "MO"), (855, "KH"),
        (856, "LA"), (86, "CN"),
        (870, ""), // Inmarsat
        (878, ""), // universal personal telecommunications
        (880, "BD"),
        (881, ""), // global mobile satellite systems
        (882, ""), (883, ""), // international networks
        (886, "TW"),
        (888, ""), // UN OCHA
        (90, "TR"), (91, "IN"), (92, "PK"), (93, "AF"), (94, "LK"), (95, "MM"), (960, "MV"),
        (961, "LB"), (962, "JO"), (963, "SY"), (964, "IQ"), (965, "KW"), (966, "SA"), (967, "YE"),
        (968, "OM"), (970, "PS"), (971, "AE"), (972, "IL"), (973, "BH"), (974, "QA"), (975, "BT"),
        (976, "MN"), (977, "NP"),
        (979, ""), // international premium rate
        (98, "IR"), (992, "TJ"), (993, "TM"), (994, "AZ"), (995, "GE"), (996, "KG"), (998, "UZ"),
    ];

    // Trunk prefixes that differ from "0". Using "0" for every other region is deliberate: where a region
    // has no trunk prefix (ES, PT, PL, DK, NO, SG, HK, ...) its numbers never start with 0, so removing a
    // stray leading 0 is harmless. The empty entries are regions whose numbers do start with 0 and keep it
    // in E.164 (Italy's "06 ..." is +39 06 ...): stripping there would change the number.
    private static readonly Dictionary<string, string> _trunkPrefixOverrides = new(StringComparer.Ordinal)
    {
        ["RU"] = "8", ["KZ"] = "8",
        ["HU"] = "06",
        ["IT"] = "", ["VA"] = "", ["SM"] = "",
        ["CI"] = "", ["CG"] = "", ["GA"] = "", ["BJ"] = "",
        // NANP regions ("1") are set from their calling code below.
    };

    // International dialling prefixes that differ from "00" (NANP's "011" is set from the calling code).
    // A region listed here accepts only these; "00" is not added, because in some of them (KR, TW, TH)
    // "00" is the start of a longer carrier prefix and would misread the calling code that follows.
    private static readonly Dictionary<string, string[]> _internationalPrefixOverrides = new(StringComparer.Ordinal)
    {
        ["AU"] = ["0011", "0014", "0015", "0016", "0018", "0019"],
        ["CC"] = ["0011"],
        ["CX"] = ["0011"],
        ["JP"] = ["010"],
        ["RU"] = ["810"],
        ["KZ"] = ["810"],
        ["KR"] = ["001", "002", "005", "006", "008"],
        ["TW"] = ["002", "005", "006", "007", "009", "019"],
        ["TH"] = ["001", "002", "003", "004", "005", "006", "007", "008", "009"],
        ["ID"] = ["001", "007", "008", "009"],
        ["SG"] = ["001", "002", "008", "018", "019"],
        ["IL"] = ["00", "012", "013", "014", "015", "016", "017", "018", "019"],
        ["BR"] = ["0012", "0014", "0015", "0021", "0023", "0025", "0031", "0041", "0043"],
        ["CO"] = ["005", "007", "009"],
        ["KE"] = ["000"],
        ["NG"] = ["009"],
    };

    // National significant number lengths (digits after the calling code), only where they hold for the
    // whole plan and we are sure of them. Everything else gets only the E.164 rule of 8..15 digits in total.
    private static readonly (int Code, int Min, int Max)[] _nationalLengths =
    [
        (1, 10, 10),  // NANP: 3-digit area code + 7-digit number
        (7, 10, 10),  // RU, KZ
        (31, 9, 9),   // NL
        (33, 9, 9),   // FR
        (34, 9, 9),   // ES
        (39, 6, 11),  // IT, VA
        (44, 9, 10),  // GB and Crown Dependencies
        (49, 6, 13),  // DE
        (55, 10, 11), // BR: 2-digit area code + 8 (fixed) or 9 (mobile) digits
        (61, 9, 9),   // AU
        (86, 10, 11), // CN: 11 for mobiles, 10-11 for area code + fixed line
        (91, 10, 10), // IN
    ];

    private static readonly string[] _defaultInternationalPrefixes = ["00"];
    private static readonly string[] _nanpInternationalPrefixes = ["011"];

    private static readonly bool[] _isAssigned = new bool[1000];
    private static readonly DiallingRegion?[] _mainRegionByCode = new DiallingRegion?[1000];
    private static readonly byte[] _minNationalLength = new byte[1000];
    private static readonly byte[] _maxNationalLength = new byte[1000];
    private static readonly Dictionary<string, DiallingRegion> _regions = BuildTables();

    /// <summary>Finds a region by its ISO 3166-1 alpha-2 code, case-insensitively.</summary>
    public static bool TryGetRegion(string regionCode, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DiallingRegion? region) =>
        _regions.TryGetValue(regionCode, out region);

    /// <summary>Reads the assigned calling code at the start of <paramref name="digits"/> (ASCII digits only).</summary>
    public static bool TryReadCallingCode(ReadOnlySpan<char> digits, out int code, out int length)
    {
        code = 0;
        length = 0;
        if (digits.IsEmpty || digits[0] == '0')
        {
            return false; // no calling code starts with 0; "001" must not be read as code 1
        }

        int value = 0;
        for (int i = 0; i < digits.Length && i < 3; i++)
        {
            value = (value * 10) + (digits[i] - '0');
            if (_isAssigned[value])
            {
                code = value;
                length = i + 1;
                return true;
            }
        }

        return false;
    }

    /// <summary>The region whose dialling rules apply to numbers with this code; null for global services.</summary>
    public static DiallingRegion? GetMainRegion(int code) => _mainRegionByCode[code];

    /// <summary>The national significant number length range for <paramref name="code"/>, if we enforce one.</summary>
    public static bool TryGetNationalLength(int code, out int min, out int max)
    {
        min = _minNationalLength[code];
        max = _maxNationalLength[code];
        return max != 0;
    }

    private static Dictionary<string, DiallingRegion> BuildTables()
    {
        var regions = new Dictionary<string, DiallingRegion>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, regionCodes) in _assignedCodes)
        {
            _isAssigned[code] = true;
            foreach (string regionCode in regionCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var region = new DiallingRegion(
                    regionCode,
                    code,
                    code == 1 ? "1" : _trunkPrefixOverrides.GetValueOrDefault(regionCode, "0"),
                    code == 1 ? _nanpInternationalPrefixes
                        : _internationalPrefixOverrides.GetValueOrDefault(regionCode, _defaultInternationalPrefixes));
                regions.Add(regionCode, region);
                _mainRegionByCode[code] ??= region;
            }
        }

        foreach (var (code, min, max) in _nationalLengths)
        {
            _minNationalLength[code] = (byte)min;
            _maxNationalLength[code] = (byte)max;
        }

        return regions;
    }
}
