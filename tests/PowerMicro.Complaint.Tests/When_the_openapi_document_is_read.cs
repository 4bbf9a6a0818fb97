using System.Net;
using PowerMicro.Testing;

namespace PowerMicro.Complaint.Tests;

public sealed class When_the_openapi_document_is_read : IClassFixture<IsolatedInfrastructure>
{
    private readonly IsolatedInfrastructure _infrastructure;

    public When_the_openapi_document_is_read(IsolatedInfrastructure infrastructure) => _infrastructure = infrastructure;

    [Fact]
    public async Task It_describes_every_complaint_endpoint()
    {
        await using var service = await ComplaintRig.StartService(_infrastructure, ComplaintRig.NewClock());
        using var response = await service.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadAsStringAsync();
        foreach (var path in new[] { "\"/api/complaints\"", "/api/complaints/stats", "/api/complaints/{orderId}/contact", "/api/complaints/{orderId}/reply" })
            Assert.Contains(path, document);
    }
}
