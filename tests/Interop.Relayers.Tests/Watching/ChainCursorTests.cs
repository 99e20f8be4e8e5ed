using Interop.Relayers.Watching;

namespace Interop.Relayers.Tests.Watching;

public sealed class ChainCursorTests
{
    [Fact]
    public void Cursor_applies_the_next_event_ignores_re_emissions_and_reports_a_gap_per_chain()
    {
        var cursor = ChainCursor.Empty.Advance(901, 3);

        Assert.Equal(CursorDecision.AlreadyApplied, cursor.Decide(901, 2));
        Assert.Equal(CursorDecision.AlreadyApplied, cursor.Decide(901, 3));
        Assert.Equal(CursorDecision.Next, cursor.Decide(901, 4));
        Assert.Equal(CursorDecision.Gap, cursor.Decide(901, 6));
        Assert.Equal(CursorDecision.Next, cursor.Decide(902, 1));
        Assert.Equal(0, cursor[902]);
    }

    [Fact]
    public void Cursor_never_moves_back()
    {
        var cursor = ChainCursor.Empty.Advance(900, 10).Advance(900, 4);

        Assert.Equal(10, cursor[900]);
    }
}
