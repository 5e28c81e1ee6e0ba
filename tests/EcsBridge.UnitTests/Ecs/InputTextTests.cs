using System.Text;
using EcsBridge.Core.Ecs;

namespace EcsBridge.UnitTests.Ecs;

public sealed class InputTextTests
{
    [Fact]
    public void Utf8_with_a_byte_order_mark_decodes_without_it()
    {
        InputText.Decode([0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}'], "t").ShouldBe("{}");
    }

    [Fact]
    public void Utf16_with_a_byte_order_mark_decodes()
    {
        byte[] bytes = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("{\"family\": \"wéb\"}")];

        InputText.Decode(bytes, "t").ShouldBe("{\"family\": \"wéb\"}");
    }

    [Fact]
    public void A_nul_byte_is_refused_with_its_position()
    {
        var ex = Should.Throw<EcsInputException>(() => InputText.Decode("{\n \0}"u8, "t.json"));

        ex.Message.ShouldBe("t.json:2:2: the input is not text (control character U+0000); expected ECS JSON or EcsBridge YAML");
    }

    [Fact]
    public async Task Reading_stops_with_a_clear_message_past_the_limit()
    {
        using var stream = new MemoryStream(new byte[100]);

        var ex = await Should.ThrowAsync<EcsInputException>(() => InputText.ReadBoundedAsync(stream, "big", 99, CancellationToken.None));

        ex.Message.ShouldContain("big: the input is larger than 99 bytes");
    }

    [Fact]
    public async Task Reading_exactly_the_limit_succeeds()
    {
        using var stream = new MemoryStream(new byte[100]);

        (await InputText.ReadBoundedAsync(stream, "ok", 100, CancellationToken.None)).Length.ShouldBe(100);
    }
}
