@{ RootModule = "AtlanTokens.dll" }
