"""Build the Excel add-in zwgk.xlam on any OS from the xlwings ribbon add-in template.

Modules, one job each: `ovba` (MS-OVBA compression), `cfb` (compound-file writer), `vba`
(patch the VBA project), `callbacks` (the ribbon module with its ChrW words), `ribbon`
(addin/ribbon.yaml and its icons addin/icons/*.png), `package` (the zip), `build` (all of it:
`build_addin`).
"""
