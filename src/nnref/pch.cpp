// Builds the precompiled header (pch.hpp) once for every target that reuses it.
