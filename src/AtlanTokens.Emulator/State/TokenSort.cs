namespace AtlanTokens.Emulator.State;

internal enum TokenSort
{
    CreatedAtAscending,
    CreatedAtDescending,
    DisplayNameAscending,
    DisplayNameDescending,
}
