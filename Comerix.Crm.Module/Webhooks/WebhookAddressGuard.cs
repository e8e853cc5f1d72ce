using System.Net;
using System.Net.Sockets;

namespace Comerix.Crm.Webhooks;

/// <summary>
/// Keeps endpoint URLs from reaching the site's own network (SSRF): the host name is resolved here, every address
/// it resolves to is checked, and the connection goes to a checked address, so a DNS answer that changes between
/// check and connect (rebinding) cannot slip past. Loopback, link-local, private, carrier-grade NAT, multicast and
/// reserved ranges are refused unless <see cref="WebhookOptions.AllowPrivateNetworks"/>.
/// </summary>
internal sealed class WebhookAddressGuard(WebhookOptions options)
{
    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/> of the webhook client.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new WebhookAddressException("the host name has no address");
        }
        if (addresses.FirstOrDefault(a => !IsAllowed(a)) is { } refused)
        {
            throw new WebhookAddressException($"the host resolves to a {Describe(refused)} address");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public bool IsAllowed(IPAddress address) => options.AllowPrivateNetworks || IsPublic(address);

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 100 && b[1] is >= 64 and <= 127)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && b[1] is 18 or 19));
        }
        return !(IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
    }

    private static string Describe(IPAddress address) => IPAddress.IsLoopback(address) ? "loopback" : "private, link-local or reserved";
}

/// <summary>An endpoint's host resolves to an address deliveries may not reach.</summary>
internal sealed class WebhookAddressException(string message) : Exception(message);
