-- The Palmer Penguins table (Horst, Hill & Gorman, CC0). `id` is a surrogate key so scores can point at rows.
-- STRICT makes SQLite reject a value of the wrong type instead of storing it as text.
CREATE TABLE penguins (
    id INTEGER PRIMARY KEY,
    species TEXT NOT NULL CHECK (species IN ('Adelie', 'Chinstrap', 'Gentoo')),
    island TEXT NOT NULL CHECK (island IN ('Biscoe', 'Dream', 'Torgersen')),
    bill_length_mm REAL CHECK (bill_length_mm > 0),
    bill_depth_mm REAL CHECK (bill_depth_mm > 0),
    flipper_length_mm INTEGER CHECK (flipper_length_mm > 0),
    body_mass_g INTEGER CHECK (body_mass_g > 0),
    sex TEXT CHECK (sex IN ('female', 'male')),
    year INTEGER NOT NULL
) STRICT;
