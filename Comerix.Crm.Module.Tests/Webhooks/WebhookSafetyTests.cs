using System.Net;
using Comerix.Crm.Webhooks;

namespace Comerix.Crm.Tests.Webhooks;

/// <summary>SSRF and transport rules: https only, and no loopback, link-local or private address unless a setting allows it.</summary>
public sealed class WebhookSafetyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void PrivateLoopbackAndLinkLocalAddressesAreRefused(string address) =>
        Assert.False(new WebhookAddressGuard(new WebhookOptions()).IsAllowed(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("2606:4700::6810:84e5")]
    public void PublicAddressesAreAllowed(string address) =>
        Assert.True(new WebhookAddressGuard(new WebhookOptions()).IsAllowed(IPAddress.Parse(address)));

    [Fact]
    public void TheSettingAllowsPrivateAddresses() =>
        Assert.True(new WebhookAddressGuard(new WebhookOptions { AllowPrivateNetworks = true }).IsAllowed(IPAddress.Loopback));

    [Theory]
    [InlineData("http://hooks.example.com/x", false, "https://")]
    [InlineData("ftp://hooks.example.com/x", true, "https:// or http://")]
    [InlineData("https://user:pass@hooks.example.com/x", false, "user name and password")]
    [InlineData("hooks.example.com/x", false, "full URL")]
    [InlineData("", false, "Enter the URL")]
    public void UrlsMustBeHttpsWithoutCredentials(string url, bool allowHttp, string problem) =>
        Assert.Contains(problem, WebhookUrls.Problem(url, new WebhookOptions { AllowHttp = allowHttp }));

    [Fact]
    public async Task ADeliveryToALoopbackAddressIsRefusedBeforeConnecting()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var options = new WebhookOptions { AllowHttp = true };
        var guard = new WebhookAddressGuard(options);
        using var handler = new SocketsHttpHandler { ConnectCallback = guard.ConnectAsync, UseProxy = false };
        var sender = new WebhookSender(new SingleClientFactory(new HttpClient(handler)), options, TimeProvider.System);

        var outcome = await sender.SendAsync(receiver.Url.Replace("127.0.0.1", "localhost"), WebhookSecrets.New(), "msg_test", "{}", CancellationToken.None);

        Assert.False(outcome.Success);
        Assert.Contains("refused: the host resolves to a loopback address", outcome.Error);
        Assert.Empty(receiver.Arrived);
    }

    private sealed class SingleClientFactory(HttpClient client) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => client;
    }
}
