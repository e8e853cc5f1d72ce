using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Comerix.Crm.Api.Security;

/// <summary>
/// What the per-address limits (<see cref="ApiRateLimiter"/>, <see cref="FailedKeyLimiter"/>) count a request against.
/// An IPv4 client has one address; an IPv6 client is given a whole /64 (one home, one phone, one server's subnet), so
/// counting each IPv6 address apart would hand it 2^64 fresh allowances. IPv6 is therefore counted per /64, and an
/// IPv4 address written as IPv6 (::ffff:203.0.113.7, what a dual-stack socket reports) as the IPv4 address it is.
/// (Behind a proxy, the host's forwarded-headers middleware decides what the client's address is.)
/// </summary>
internal static class ClientAddress
{
    public static string PartitionOf(HttpContext context) => PartitionOf(context.Connection.RemoteIpAddress);

    public static string PartitionOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
