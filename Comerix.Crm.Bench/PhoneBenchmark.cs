using System.Diagnostics;
using Comerix.Crm.Identity.Normalization;

namespace Comerix.Crm.Bench;

/// <summary>
/// What one phone number costs: normalising a claim to its E.164 key (as ingestion and import do, region US) and
/// formatting a stored number for a page. Mixed written forms, national and international, one with an extension.
/// </summary>
internal static class PhoneBenchmark
{
    private static readonly string[] Written =
    [
        "+1 415 555 2671", "(415) 555-2671", "415.555.2671 x12", "+44 20 7946 0958",
        "+49 151 23456789", "011 44 20 7946 0958", "1-212-555-0147", "+33 6 12 34 56 78",
    ];

    private static readonly string[] Stored = ["+14155552671", "+442079460958", "+4915123456789", "+33612345678"];

    public static void Run(int calls)
    {
        var normalizer = new PhoneNumberNormalizer("US");
        long checksum = 0;
        for (var i = 0; i < calls / 5; i++)
        {
            checksum += normalizer.TryNormalize(Written[i % Written.Length], out _) ? 1 : 0;
            checksum += PhoneDisplay.Format(Stored[i % Stored.Length], "US").Length;
        }
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            checksum += normalizer.TryNormalize(Written[i % Written.Length], out _) ? 1 : 0;
        }
        var normalizeNs = watch.Elapsed.TotalNanoseconds / calls;
        watch.Restart();
        for (var i = 0; i < calls; i++)
        {
            checksum += PhoneDisplay.Format(Stored[i % Stored.Length], "US").Length;
        }
        var formatNs = watch.Elapsed.TotalNanoseconds / calls;
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT phones calls={calls} normalize_ns={normalizeNs:F0} format_ns={formatNs:F0} checksum={checksum}"));
    }
}
